// Includes a secret file of the evaluator's host, hoping the compiler echoes it in an error.
#include <hip/hip_runtime.h>
#include "@SECRET_FILE@"

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {}
