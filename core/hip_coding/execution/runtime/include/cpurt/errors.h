// cpurt error model: one internal enum, mapped onto cudaError_t and hipError_t.
//
// As in CUDA and HIP, the last error is per host thread and sticky until it is read by
// Get(Last)Error; Peek reads it without clearing.  The numeric values of the two public enums
// are those of the real APIs (CUDA 13 driver_types.h, HIP hip_runtime_api.h) because programs
// print them and test scripts compare them.
#pragma once

namespace cpurt {

enum class Error {
  Success,
  InvalidValue,
  MemoryAllocation,
  InvalidConfiguration,
  LaunchFailure,
  InvalidDeviceFunction,
  CooperativeLaunchTooLarge,
  NotSupported,
  InvalidResourceHandle,
  NotReady,
  Unknown,
  // Added beyond the fixed core set (host API needs them).
  InvalidSymbol,
  InvalidDevice,
  InvalidMemcpyDirection,
  InvalidPitchValue,
  InvalidDevicePointer,
  NoDevice,
  IllegalAddress,
  Assert,
  LaunchOutOfResources,
};

// `inline thread_local` gives one last-error slot per host thread across all translation units.
inline thread_local Error last_error_slot = Error::Success;

// Records a failure; Success never overwrites a pending error (a later good call does not hide
// an earlier failure from GetLastError, as in CUDA).
inline void record_error(Error e) {
  if (e != Error::Success) last_error_slot = e;
}
inline Error peek_error() { return last_error_slot; }
inline Error take_error() {
  Error e = last_error_slot;
  last_error_slot = Error::Success;
  return e;
}
// Host API helper: record and hand back, so every API function is `return cpurt::fail(...)`.
inline Error fail(Error e) {
  record_error(e);
  return e;
}

}  // namespace cpurt

// ---- CUDA spelling ---------------------------------------------------------------------------
enum cudaError {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorInitializationError = 3,
  cudaErrorCudartUnloading = 4,
  cudaErrorInvalidConfiguration = 9,
  cudaErrorInvalidPitchValue = 12,
  cudaErrorInvalidSymbol = 13,
  cudaErrorInvalidHostPointer = 16,
  cudaErrorInvalidDevicePointer = 17,
  cudaErrorInvalidTexture = 18,
  cudaErrorInvalidMemcpyDirection = 21,
  cudaErrorNotYetImplemented = 31,
  cudaErrorInsufficientDriver = 35,
  cudaErrorMissingConfiguration = 52,
  cudaErrorPriorLaunchFailure = 53,
  cudaErrorInvalidDeviceFunction = 98,
  cudaErrorNoDevice = 100,
  cudaErrorInvalidDevice = 101,
  cudaErrorStartupFailure = 127,
  cudaErrorInvalidKernelImage = 200,
  cudaErrorNoKernelImageForDevice = 209,
  cudaErrorUnsupportedLimit = 215,
  cudaErrorPeerAccessUnsupported = 217,
  cudaErrorInvalidPtx = 218,
  cudaErrorInvalidResourceHandle = 400,
  cudaErrorIllegalState = 401,
  cudaErrorSymbolNotFound = 500,
  cudaErrorNotReady = 600,
  cudaErrorIllegalAddress = 700,
  cudaErrorLaunchOutOfResources = 701,
  cudaErrorLaunchTimeout = 702,
  cudaErrorPeerAccessAlreadyEnabled = 704,
  cudaErrorPeerAccessNotEnabled = 705,
  cudaErrorSetOnActiveProcess = 708,
  cudaErrorAssert = 710,
  cudaErrorHostMemoryAlreadyRegistered = 712,
  cudaErrorHostMemoryNotRegistered = 713,
  cudaErrorMisalignedAddress = 716,
  cudaErrorLaunchFailure = 719,
  cudaErrorCooperativeLaunchTooLarge = 720,
  cudaErrorNotPermitted = 800,
  cudaErrorNotSupported = 801,
  cudaErrorStreamCaptureUnsupported = 900,
  cudaErrorTimeout = 909,
  cudaErrorUnknown = 999,
};
typedef enum cudaError cudaError_t;

// ---- HIP spelling ----------------------------------------------------------------------------
typedef enum hipError_t {
  hipSuccess = 0,
  hipErrorInvalidValue = 1,
  hipErrorOutOfMemory = 2,
  hipErrorMemoryAllocation = 2,
  hipErrorNotInitialized = 3,
  hipErrorInitializationError = 3,
  hipErrorDeinitialized = 4,
  hipErrorInvalidConfiguration = 9,
  hipErrorInvalidPitchValue = 12,
  hipErrorInvalidSymbol = 13,
  hipErrorInvalidDevicePointer = 17,
  hipErrorInvalidMemcpyDirection = 21,
  hipErrorInsufficientDriver = 35,
  hipErrorMissingConfiguration = 52,
  hipErrorPriorLaunchFailure = 53,
  hipErrorInvalidDeviceFunction = 98,
  hipErrorNoDevice = 100,
  hipErrorInvalidDevice = 101,
  hipErrorInvalidImage = 200,
  hipErrorInvalidContext = 201,
  hipErrorNoBinaryForGpu = 209,
  hipErrorUnsupportedLimit = 215,
  hipErrorPeerAccessUnsupported = 217,
  hipErrorInvalidHandle = 400,
  hipErrorInvalidResourceHandle = 400,
  hipErrorIllegalState = 401,
  hipErrorNotFound = 500,
  hipErrorNotReady = 600,
  hipErrorIllegalAddress = 700,
  hipErrorLaunchOutOfResources = 701,
  hipErrorLaunchTimeOut = 702,
  hipErrorPeerAccessAlreadyEnabled = 704,
  hipErrorPeerAccessNotEnabled = 705,
  hipErrorSetOnActiveProcess = 708,
  hipErrorAssert = 710,
  hipErrorHostMemoryAlreadyRegistered = 712,
  hipErrorHostMemoryNotRegistered = 713,
  hipErrorLaunchFailure = 719,
  hipErrorCooperativeLaunchTooLarge = 720,
  hipErrorNotSupported = 801,
  hipErrorStreamCaptureUnsupported = 900,
  hipErrorUnknown = 999,
  hipErrorRuntimeMemory = 1052,
  hipErrorRuntimeOther = 1053,
} hipError_t;

namespace cpurt {

// One table drives both mappings and the strings, so a new Error cannot be half-added.
struct ErrorInfo {
  Error error;
  cudaError_t cuda;
  hipError_t hip;
  const char* cuda_name;
  const char* hip_name;
  const char* text;
};

inline constexpr ErrorInfo error_table[] = {
    {Error::Success, cudaSuccess, hipSuccess, "cudaSuccess", "hipSuccess", "no error"},
    {Error::InvalidValue, cudaErrorInvalidValue, hipErrorInvalidValue, "cudaErrorInvalidValue",
     "hipErrorInvalidValue", "invalid argument"},
    {Error::MemoryAllocation, cudaErrorMemoryAllocation, hipErrorOutOfMemory,
     "cudaErrorMemoryAllocation", "hipErrorOutOfMemory", "out of memory"},
    {Error::InvalidConfiguration, cudaErrorInvalidConfiguration, hipErrorInvalidConfiguration,
     "cudaErrorInvalidConfiguration", "hipErrorInvalidConfiguration",
     "invalid configuration argument"},
    {Error::LaunchFailure, cudaErrorLaunchFailure, hipErrorLaunchFailure, "cudaErrorLaunchFailure",
     "hipErrorLaunchFailure", "unspecified launch failure"},
    {Error::InvalidDeviceFunction, cudaErrorInvalidDeviceFunction, hipErrorInvalidDeviceFunction,
     "cudaErrorInvalidDeviceFunction", "hipErrorInvalidDeviceFunction", "invalid device function"},
    {Error::CooperativeLaunchTooLarge, cudaErrorCooperativeLaunchTooLarge,
     hipErrorCooperativeLaunchTooLarge, "cudaErrorCooperativeLaunchTooLarge",
     "hipErrorCooperativeLaunchTooLarge", "too many blocks in cooperative launch"},
    {Error::NotSupported, cudaErrorNotSupported, hipErrorNotSupported, "cudaErrorNotSupported",
     "hipErrorNotSupported", "operation not supported"},
    {Error::InvalidResourceHandle, cudaErrorInvalidResourceHandle, hipErrorInvalidHandle,
     "cudaErrorInvalidResourceHandle", "hipErrorInvalidHandle", "invalid resource handle"},
    {Error::NotReady, cudaErrorNotReady, hipErrorNotReady, "cudaErrorNotReady", "hipErrorNotReady",
     "device not ready"},
    {Error::Unknown, cudaErrorUnknown, hipErrorUnknown, "cudaErrorUnknown", "hipErrorUnknown",
     "unknown error"},
    {Error::InvalidSymbol, cudaErrorInvalidSymbol, hipErrorInvalidSymbol, "cudaErrorInvalidSymbol",
     "hipErrorInvalidSymbol", "invalid device symbol"},
    {Error::InvalidDevice, cudaErrorInvalidDevice, hipErrorInvalidDevice, "cudaErrorInvalidDevice",
     "hipErrorInvalidDevice", "invalid device ordinal"},
    {Error::InvalidMemcpyDirection, cudaErrorInvalidMemcpyDirection, hipErrorInvalidMemcpyDirection,
     "cudaErrorInvalidMemcpyDirection", "hipErrorInvalidMemcpyDirection",
     "invalid copy direction for memcpy"},
    {Error::InvalidPitchValue, cudaErrorInvalidPitchValue, hipErrorInvalidPitchValue,
     "cudaErrorInvalidPitchValue", "hipErrorInvalidPitchValue", "invalid pitch argument"},
    {Error::InvalidDevicePointer, cudaErrorInvalidDevicePointer, hipErrorInvalidDevicePointer,
     "cudaErrorInvalidDevicePointer", "hipErrorInvalidDevicePointer", "invalid device pointer"},
    {Error::NoDevice, cudaErrorNoDevice, hipErrorNoDevice, "cudaErrorNoDevice", "hipErrorNoDevice",
     "no CUDA-capable device is detected"},
    {Error::IllegalAddress, cudaErrorIllegalAddress, hipErrorIllegalAddress,
     "cudaErrorIllegalAddress", "hipErrorIllegalAddress", "an illegal memory access was encountered"},
    {Error::Assert, cudaErrorAssert, hipErrorAssert, "cudaErrorAssert", "hipErrorAssert",
     "device-side assert triggered"},
    {Error::LaunchOutOfResources, cudaErrorLaunchOutOfResources, hipErrorLaunchOutOfResources,
     "cudaErrorLaunchOutOfResources", "hipErrorLaunchOutOfResources",
     "too many resources requested for launch"},
};

inline const ErrorInfo& error_info(Error e) {
  for (const ErrorInfo& i : error_table)
    if (i.error == e) return i;
  return error_table[static_cast<int>(Error::Unknown)];
}
inline cudaError_t to_cuda(Error e) { return error_info(e).cuda; }
inline hipError_t to_hip(Error e) { return error_info(e).hip; }

// Codes the table does not list (a program may pass any integer) still get a readable answer.
inline const ErrorInfo* find_cuda(int code) {
  for (const ErrorInfo& i : error_table)
    if (static_cast<int>(i.cuda) == code) return &i;
  return nullptr;
}
inline const ErrorInfo* find_hip(int code) {
  for (const ErrorInfo& i : error_table)
    if (static_cast<int>(i.hip) == code) return &i;
  return nullptr;
}

}  // namespace cpurt

inline cudaError_t cudaGetLastError() { return cpurt::to_cuda(cpurt::take_error()); }
inline cudaError_t cudaPeekAtLastError() { return cpurt::to_cuda(cpurt::peek_error()); }
inline const char* cudaGetErrorString(cudaError_t e) {
  const cpurt::ErrorInfo* i = cpurt::find_cuda(e);
  return i ? i->text : "unrecognized error code";
}
inline const char* cudaGetErrorName(cudaError_t e) {
  const cpurt::ErrorInfo* i = cpurt::find_cuda(e);
  return i ? i->cuda_name : "cudaErrorUnknown";
}

inline hipError_t hipGetLastError() { return cpurt::to_hip(cpurt::take_error()); }
inline hipError_t hipPeekAtLastError() { return cpurt::to_hip(cpurt::peek_error()); }
inline hipError_t hipExtGetLastError() { return hipGetLastError(); }
inline const char* hipGetErrorString(hipError_t e) {
  const cpurt::ErrorInfo* i = cpurt::find_hip(e);
  return i ? i->text : "unrecognized error code";
}
inline const char* hipGetErrorName(hipError_t e) {
  const cpurt::ErrorInfo* i = cpurt::find_hip(e);
  return i ? i->hip_name : "hipErrorUnknown";
}
