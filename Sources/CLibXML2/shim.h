#ifndef GICONVERT_CLIBXML2_SHIM_H
#define GICONVERT_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#endif
