"""Compile and run HIP/CUDA programs: the cpu runtime, the vendor backends, the sandbox."""
