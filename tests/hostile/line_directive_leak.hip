// Names a secret host file in `#line`, then makes an error on that line: the compiler's diagnostic
// quotes the "source" line, that is, the file's first line.
#include <hip/hip_runtime.h>

#line 1 "@SECRET_FILE@"
int leak = ;

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {}
