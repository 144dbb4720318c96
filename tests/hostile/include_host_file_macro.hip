// The same, through a macro: `#include NAME` where NAME expands to the path.
#include <hip/hip_runtime.h>
#define HOST_FILE "@SECRET_FILE@"
#include HOST_FILE

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {}
