#ifndef GICONVERT_CLIBZIP_SHIM_H
#define GICONVERT_CLIBZIP_SHIM_H
#include <zip.h>
#endif
