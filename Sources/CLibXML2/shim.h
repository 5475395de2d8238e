#ifndef GICONVERT_CLIBXML2_SHIM_H
#define GICONVERT_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>

/* libxml2 prints some errors (an encoding error, an allocation failure) through its generic error
   function, whose type is variadic and so cannot be written in Swift: this one drops them. */
static void giconvert_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/* Makes libxml2's generic error function on the calling thread the one that drops messages. */
static inline void giconvert_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, giconvert_ignore_generic_error);
}
#endif
