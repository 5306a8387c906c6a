// cblas and OpenBLAS's thread control (openblas_set_num_threads), from libopenblas-dev.
#include <cblas.h>
