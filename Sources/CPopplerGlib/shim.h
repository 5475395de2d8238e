#ifndef GICONVERT_CPOPPLERGLIB_SHIM_H
#define GICONVERT_CPOPPLERGLIB_SHIM_H
#include <dlfcn.h>
#include <poppler.h>
#include <stdio.h>

/* poppler-glib is loaded when the first PDF is read, not when the program starts: linked, it and the
   fifty libraries it needs cost every run of giconvert about 9 ms of start-up, PDF or not. The
   functions giconvert calls are looked up by name, each typed by its own declaration in poppler's
   and GLib's headers, so a mismatch fails to compile. */
typedef struct {
    __typeof__(poppler_get_version) *_Nonnull get_version;
    __typeof__(poppler_error_quark) *_Nonnull error_quark;
    __typeof__(poppler_document_new_from_bytes) *_Nonnull document_new_from_bytes;
    __typeof__(poppler_document_get_n_pages) *_Nonnull document_get_n_pages;
    __typeof__(poppler_document_get_page) *_Nonnull document_get_page;
    __typeof__(poppler_document_get_title) *_Nonnull document_get_title;
    __typeof__(poppler_document_get_author) *_Nonnull document_get_author;
    __typeof__(poppler_document_get_creation_date) *_Nonnull document_get_creation_date;
    __typeof__(poppler_page_get_size) *_Nonnull page_get_size;
    __typeof__(poppler_page_get_text) *_Nonnull page_get_text;
    __typeof__(poppler_page_get_text_layout) *_Nonnull page_get_text_layout;
    __typeof__(poppler_page_get_text_attributes) *_Nonnull page_get_text_attributes;
    __typeof__(poppler_page_free_text_attributes) *_Nonnull page_free_text_attributes;
    __typeof__(g_bytes_new_static) *_Nonnull bytes_new_static;
    __typeof__(g_bytes_unref) *_Nonnull bytes_unref;
    __typeof__(g_error_free) *_Nonnull error_free;
    __typeof__(g_free) *_Nonnull free;
    __typeof__(g_object_unref) *_Nonnull object_unref;
    __typeof__(g_log_set_handler) *_Nonnull log_set_handler;
} GIPopplerFunctions;

/* Loads poppler-glib (and through it GLib) and returns its functions, or NULL with the reason in `why`
   (NUL-terminated, cut to `why_size`). Call it once. */
static inline const GIPopplerFunctions *gi_poppler_load(char *why, size_t why_size) {
    static GIPopplerFunctions loaded;
    GIPopplerFunctions *functions = &loaded;
    static const char *const names[] = {"libpoppler-glib.so.8", "libpoppler-glib.so"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        /* The reason given is the versioned name's: the bare name exists only with the -dev package. */
        const char *error = library == NULL ? dlerror() : NULL;
        if (i == 0 && error != NULL) snprintf(why, why_size, "%s", error);
    }
    if (library == NULL) return NULL;
    /* dlsym on the library's handle searches the libraries it needs too: GLib's functions come
       from the GLib poppler-glib itself uses. */
    struct {
        void **slot;
        const char *name;
    } const symbols[] = {
        {(void **)&functions->get_version, "poppler_get_version"},
        {(void **)&functions->error_quark, "poppler_error_quark"},
        {(void **)&functions->document_new_from_bytes, "poppler_document_new_from_bytes"},
        {(void **)&functions->document_get_n_pages, "poppler_document_get_n_pages"},
        {(void **)&functions->document_get_page, "poppler_document_get_page"},
        {(void **)&functions->document_get_title, "poppler_document_get_title"},
        {(void **)&functions->document_get_author, "poppler_document_get_author"},
        {(void **)&functions->document_get_creation_date, "poppler_document_get_creation_date"},
        {(void **)&functions->page_get_size, "poppler_page_get_size"},
        {(void **)&functions->page_get_text, "poppler_page_get_text"},
        {(void **)&functions->page_get_text_layout, "poppler_page_get_text_layout"},
        {(void **)&functions->page_get_text_attributes, "poppler_page_get_text_attributes"},
        {(void **)&functions->page_free_text_attributes, "poppler_page_free_text_attributes"},
        {(void **)&functions->bytes_new_static, "g_bytes_new_static"},
        {(void **)&functions->bytes_unref, "g_bytes_unref"},
        {(void **)&functions->error_free, "g_error_free"},
        {(void **)&functions->free, "g_free"},
        {(void **)&functions->object_unref, "g_object_unref"},
        {(void **)&functions->log_set_handler, "g_log_set_handler"},
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        *symbols[i].slot = dlsym(library, symbols[i].name);
        if (*symbols[i].slot == NULL) {
            snprintf(why, why_size, "poppler-glib has no %s", symbols[i].name);
            return NULL;
        }
    }
    return functions;
}
#endif
