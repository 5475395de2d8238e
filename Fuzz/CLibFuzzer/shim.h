#ifndef GICONVERT_CLIBFUZZER_SHIM_H
#define GICONVERT_CLIBFUZZER_SHIM_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): runs the fuzzing loop with the
   command line libFuzzer understands and `callback` as the target. Only a build with
   -D GICONVERT_LIBFUZZER calls it, so plain builds need no libFuzzer. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
