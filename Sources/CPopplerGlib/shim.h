#ifndef GICONVERT_CPOPPLERGLIB_SHIM_H
#define GICONVERT_CPOPPLERGLIB_SHIM_H
#include <poppler.h>
#endif
