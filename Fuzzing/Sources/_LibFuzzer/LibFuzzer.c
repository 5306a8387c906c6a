// Only the declaration in include/LibFuzzer.h: libFuzzer itself comes with -sanitize=fuzzer.
#include "LibFuzzer.h"
