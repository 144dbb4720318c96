// Named floating-point constants of CUDA's math_constants.h (CUDART_*) and HIP's
// hip_math_constants.h (HIP_*), for programs that include those headers.
#pragma once

#include <math.h>

#define CPURT_CONSTANTS(P)                                  \
  /* float */                                               \
  constexpr float P##INF_F = __builtin_huge_valf();         \
  constexpr float P##NAN_F = __builtin_nanf("");            \
  constexpr float P##MIN_DENORM_F = 1.40129846e-45f;        \
  constexpr float P##MAX_NORMAL_F = 3.40282347e+38f;        \
  constexpr float P##NEG_ZERO_F = -0.0f;                    \
  constexpr float P##ZERO_F = 0.0f;                         \
  constexpr float P##ONE_F = 1.0f;                          \
  constexpr float P##SQRT_HALF_F = 0.707106781f;            \
  constexpr float P##SQRT_TWO_F = 1.414213562f;             \
  constexpr float P##THIRD_F = 0.333333333f;                \
  constexpr float P##PIO4_F = 0.785398163f;                 \
  constexpr float P##PIO2_F = 1.570796327f;                 \
  constexpr float P##3PIO4_F = 2.356194490f;                \
  constexpr float P##2_OVER_PI_F = 0.636619772f;            \
  constexpr float P##SQRT_2_OVER_PI_F = 0.797884561f;       \
  constexpr float P##PI_F = 3.141592654f;                   \
  constexpr float P##L2E_F = 1.442695041f;                  \
  constexpr float P##L2T_F = 3.321928094f;                  \
  constexpr float P##LG2_F = 0.301029996f;                  \
  constexpr float P##LGE_F = 0.434294482f;                  \
  constexpr float P##LN2_F = 0.693147181f;                  \
  constexpr float P##LNT_F = 2.302585093f;                  \
  constexpr float P##LNPI_F = 1.144729886f;                 \
  /* double */                                              \
  constexpr double P##INF = __builtin_huge_val();           \
  constexpr double P##NAN = __builtin_nan("");              \
  constexpr double P##NEG_ZERO = -0.0;                      \
  constexpr double P##MIN_DENORM = 4.9406564584124654e-324; \
  constexpr double P##ZERO = 0.0;                           \
  constexpr double P##ONE = 1.0;                            \
  constexpr double P##SQRT_TWO = 1.4142135623730951;        \
  constexpr double P##SQRT_HALF = 0.70710678118654757;      \
  constexpr double P##THIRD = 0.33333333333333331;          \
  constexpr double P##TWOTHIRD = 0.66666666666666663;       \
  constexpr double P##PIO4 = 0.78539816339744828;           \
  constexpr double P##PIO2 = 1.5707963267948966;            \
  constexpr double P##3PIO4 = 2.3561944901923448;           \
  constexpr double P##2_OVER_PI = 0.63661977236758138;      \
  constexpr double P##PI = 3.1415926535897931;              \
  constexpr double P##SQRT_2PI = 2.5066282746310002;        \
  constexpr double P##SQRT_PIO2 = 1.2533141373155003;       \
  constexpr double P##SQRT_2OPI = 0.79788456080286541;      \
  constexpr double P##L2E = 1.4426950408889634;             \
  constexpr double P##L2T = 3.3219280948873622;             \
  constexpr double P##LG2 = 0.30102999566398120;            \
  constexpr double P##LGE = 0.43429448190325182;            \
  constexpr double P##LN2 = 0.69314718055994529;            \
  constexpr double P##LNT = 2.3025850929940459;             \
  constexpr double P##LNPI = 1.1447298858494002;

namespace cpurt::constants {
CPURT_CONSTANTS(CUDART_)
CPURT_CONSTANTS(HIP_)
}  // namespace cpurt::constants
#undef CPURT_CONSTANTS

// Programs test these with #ifdef, so they are macros.
#if !(defined(CPURT_LANG_HIP) && CPURT_LANG_HIP)  // CUDART_*: CUDA's math_constants.h
#define CUDART_INF_F (::cpurt::constants::CUDART_INF_F)
#define CUDART_NAN_F (::cpurt::constants::CUDART_NAN_F)
#define CUDART_MIN_DENORM_F (::cpurt::constants::CUDART_MIN_DENORM_F)
#define CUDART_MAX_NORMAL_F (::cpurt::constants::CUDART_MAX_NORMAL_F)
#define CUDART_NEG_ZERO_F (::cpurt::constants::CUDART_NEG_ZERO_F)
#define CUDART_ZERO_F (::cpurt::constants::CUDART_ZERO_F)
#define CUDART_ONE_F (::cpurt::constants::CUDART_ONE_F)
#define CUDART_SQRT_HALF_F (::cpurt::constants::CUDART_SQRT_HALF_F)
#define CUDART_SQRT_TWO_F (::cpurt::constants::CUDART_SQRT_TWO_F)
#define CUDART_THIRD_F (::cpurt::constants::CUDART_THIRD_F)
#define CUDART_PIO4_F (::cpurt::constants::CUDART_PIO4_F)
#define CUDART_PIO2_F (::cpurt::constants::CUDART_PIO2_F)
#define CUDART_3PIO4_F (::cpurt::constants::CUDART_3PIO4_F)
#define CUDART_2_OVER_PI_F (::cpurt::constants::CUDART_2_OVER_PI_F)
#define CUDART_SQRT_2_OVER_PI_F (::cpurt::constants::CUDART_SQRT_2_OVER_PI_F)
#define CUDART_PI_F (::cpurt::constants::CUDART_PI_F)
#define CUDART_L2E_F (::cpurt::constants::CUDART_L2E_F)
#define CUDART_L2T_F (::cpurt::constants::CUDART_L2T_F)
#define CUDART_LG2_F (::cpurt::constants::CUDART_LG2_F)
#define CUDART_LGE_F (::cpurt::constants::CUDART_LGE_F)
#define CUDART_LN2_F (::cpurt::constants::CUDART_LN2_F)
#define CUDART_LNT_F (::cpurt::constants::CUDART_LNT_F)
#define CUDART_LNPI_F (::cpurt::constants::CUDART_LNPI_F)
#define CUDART_INF (::cpurt::constants::CUDART_INF)
#define CUDART_NAN (::cpurt::constants::CUDART_NAN)
#define CUDART_NEG_ZERO (::cpurt::constants::CUDART_NEG_ZERO)
#define CUDART_MIN_DENORM (::cpurt::constants::CUDART_MIN_DENORM)
#define CUDART_ZERO (::cpurt::constants::CUDART_ZERO)
#define CUDART_ONE (::cpurt::constants::CUDART_ONE)
#define CUDART_SQRT_TWO (::cpurt::constants::CUDART_SQRT_TWO)
#define CUDART_SQRT_HALF (::cpurt::constants::CUDART_SQRT_HALF)
#define CUDART_THIRD (::cpurt::constants::CUDART_THIRD)
#define CUDART_TWOTHIRD (::cpurt::constants::CUDART_TWOTHIRD)
#define CUDART_PIO4 (::cpurt::constants::CUDART_PIO4)
#define CUDART_PIO2 (::cpurt::constants::CUDART_PIO2)
#define CUDART_3PIO4 (::cpurt::constants::CUDART_3PIO4)
#define CUDART_2_OVER_PI (::cpurt::constants::CUDART_2_OVER_PI)
#define CUDART_PI (::cpurt::constants::CUDART_PI)
#define CUDART_SQRT_2PI (::cpurt::constants::CUDART_SQRT_2PI)
#define CUDART_SQRT_PIO2 (::cpurt::constants::CUDART_SQRT_PIO2)
#define CUDART_SQRT_2OPI (::cpurt::constants::CUDART_SQRT_2OPI)
#define CUDART_L2E (::cpurt::constants::CUDART_L2E)
#define CUDART_L2T (::cpurt::constants::CUDART_L2T)
#define CUDART_LG2 (::cpurt::constants::CUDART_LG2)
#define CUDART_LGE (::cpurt::constants::CUDART_LGE)
#define CUDART_LN2 (::cpurt::constants::CUDART_LN2)
#define CUDART_LNT (::cpurt::constants::CUDART_LNT)
#define CUDART_LNPI (::cpurt::constants::CUDART_LNPI)
#endif
#if !(defined(CPURT_LANG_CUDA) && CPURT_LANG_CUDA)  // HIP_*: hip_math_constants.h
#define HIP_INF_F (::cpurt::constants::HIP_INF_F)
#define HIP_NAN_F (::cpurt::constants::HIP_NAN_F)
#define HIP_MIN_DENORM_F (::cpurt::constants::HIP_MIN_DENORM_F)
#define HIP_MAX_NORMAL_F (::cpurt::constants::HIP_MAX_NORMAL_F)
#define HIP_NEG_ZERO_F (::cpurt::constants::HIP_NEG_ZERO_F)
#define HIP_ZERO_F (::cpurt::constants::HIP_ZERO_F)
#define HIP_ONE_F (::cpurt::constants::HIP_ONE_F)
#define HIP_SQRT_HALF_F (::cpurt::constants::HIP_SQRT_HALF_F)
#define HIP_SQRT_TWO_F (::cpurt::constants::HIP_SQRT_TWO_F)
#define HIP_THIRD_F (::cpurt::constants::HIP_THIRD_F)
#define HIP_PIO4_F (::cpurt::constants::HIP_PIO4_F)
#define HIP_PIO2_F (::cpurt::constants::HIP_PIO2_F)
#define HIP_3PIO4_F (::cpurt::constants::HIP_3PIO4_F)
#define HIP_2_OVER_PI_F (::cpurt::constants::HIP_2_OVER_PI_F)
#define HIP_SQRT_2_OVER_PI_F (::cpurt::constants::HIP_SQRT_2_OVER_PI_F)
#define HIP_PI_F (::cpurt::constants::HIP_PI_F)
#define HIP_L2E_F (::cpurt::constants::HIP_L2E_F)
#define HIP_L2T_F (::cpurt::constants::HIP_L2T_F)
#define HIP_LG2_F (::cpurt::constants::HIP_LG2_F)
#define HIP_LGE_F (::cpurt::constants::HIP_LGE_F)
#define HIP_LN2_F (::cpurt::constants::HIP_LN2_F)
#define HIP_LNT_F (::cpurt::constants::HIP_LNT_F)
#define HIP_LNPI_F (::cpurt::constants::HIP_LNPI_F)
#define HIP_INF (::cpurt::constants::HIP_INF)
#define HIP_NAN (::cpurt::constants::HIP_NAN)
#define HIP_NEG_ZERO (::cpurt::constants::HIP_NEG_ZERO)
#define HIP_MIN_DENORM (::cpurt::constants::HIP_MIN_DENORM)
#define HIP_ZERO (::cpurt::constants::HIP_ZERO)
#define HIP_ONE (::cpurt::constants::HIP_ONE)
#define HIP_SQRT_TWO (::cpurt::constants::HIP_SQRT_TWO)
#define HIP_SQRT_HALF (::cpurt::constants::HIP_SQRT_HALF)
#define HIP_THIRD (::cpurt::constants::HIP_THIRD)
#define HIP_TWOTHIRD (::cpurt::constants::HIP_TWOTHIRD)
#define HIP_PIO4 (::cpurt::constants::HIP_PIO4)
#define HIP_PIO2 (::cpurt::constants::HIP_PIO2)
#define HIP_3PIO4 (::cpurt::constants::HIP_3PIO4)
#define HIP_2_OVER_PI (::cpurt::constants::HIP_2_OVER_PI)
#define HIP_PI (::cpurt::constants::HIP_PI)
#define HIP_SQRT_2PI (::cpurt::constants::HIP_SQRT_2PI)
#define HIP_SQRT_PIO2 (::cpurt::constants::HIP_SQRT_PIO2)
#define HIP_SQRT_2OPI (::cpurt::constants::HIP_SQRT_2OPI)
#define HIP_L2E (::cpurt::constants::HIP_L2E)
#define HIP_L2T (::cpurt::constants::HIP_L2T)
#define HIP_LG2 (::cpurt::constants::HIP_LG2)
#define HIP_LGE (::cpurt::constants::HIP_LGE)
#define HIP_LN2 (::cpurt::constants::HIP_LN2)
#define HIP_LNT (::cpurt::constants::HIP_LNT)
#define HIP_LNPI (::cpurt::constants::HIP_LNPI)
#endif
