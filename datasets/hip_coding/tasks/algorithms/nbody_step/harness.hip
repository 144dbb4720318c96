#include "hipcoding_harness.h"

#include <algorithm>
#include <cmath>

void nbody_step(int n, float dt, float eps, const float* pos, const float* vel, const float* mass, float* new_pos,
                float* new_vel, hipStream_t stream);

// A coordinate near `centre`: the mean of three uniforms (a rounded bump), scaled by `spread`.
static float bump(hc::Test& t, float centre, float spread) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  return centre + spread * (u(t.rng()) + u(t.rng()) + u(t.rng())) / 3.0f;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: three blocks of bodies (the
  // last one partial) show every race the larger sizes can.
  n = std::min(n, 600);
#endif
  const float dt = static_cast<float>(t.param("dt_milli")) / 1000.0f;
  const float eps = static_cast<float>(t.param("eps_milli")) / 1000.0f;
  const int layout = static_cast<int>(t.param("layout", 0));  // 0 uniform cube, 1 three clumps, skewed masses
  std::vector<float> pos(3 * (size_t)n), vel = t.uniform(3 * (size_t)n, -0.5f, 0.5f), mass(n);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  if (layout == 1) {
    // Three clumps of different sizes and a mass spread over three orders of magnitude (total 1).
    const float centre[3][3] = {{-0.6f, 0.2f, 0.1f}, {0.5f, -0.4f, 0.3f}, {0.1f, 0.6f, -0.7f}};
    const float spread[3] = {0.1f, 0.25f, 0.5f};
    double total = 0.0;
    for (int i = 0; i < n; ++i) {
      const int c = static_cast<int>(t.rng()() % 3);
      for (int d = 0; d < 3; ++d) pos[3 * (size_t)i + d] = bump(t, centre[c][d], spread[c]);
      mass[i] = std::exp(5.0f * unit(t.rng()) - 2.5f);
      total += mass[i];
    }
    for (auto& m : mass) m = static_cast<float>(m / total);
  } else {
    pos = t.uniform(3 * (size_t)n, -1.0f, 1.0f);
    for (auto& m : mass) m = (0.5f + unit(t.rng())) / static_cast<float>(n);
  }
  if (t.is("special")) {
    // Coincident bodies (exactly zero separation: only the softening keeps the pull finite), massless
    // bodies (pulled, pull nothing), close pairs far inside the softening length, and bodies far away.
    for (int i = 0; i < n; ++i) {
      if (i % 7 == 6)
        for (int d = 0; d < 3; ++d) pos[3 * (size_t)i + d] = pos[3 * (size_t)(i - 1) + d];
      if (i % 11 == 5)
        for (int d = 0; d < 3; ++d) pos[3 * (size_t)i + d] = pos[3 * (size_t)(i - 1) + d] + 1.0e-3f * (d + 1);
      if (i % 5 == 2) mass[i] = 0.0f;
      if (i % 97 == 50)
        for (int d = 0; d < 3; ++d) pos[3 * (size_t)i + d] = (d == i % 3 ? 40.0f : 0.0f) + unit(t.rng());
    }
  }

  // The expected step in double on the float inputs.
  std::vector<double> want_pos(3 * (size_t)n), want_vel(3 * (size_t)n);
  const double eps2 = static_cast<double>(eps) * eps;
  for (int i = 0; i < n; ++i) {
    double a[3] = {0.0, 0.0, 0.0};
    for (int j = 0; j < n; ++j) {
      double d[3], d2 = eps2;
      for (int c = 0; c < 3; ++c) {
        d[c] = static_cast<double>(pos[3 * (size_t)j + c]) - pos[3 * (size_t)i + c];
        d2 += d[c] * d[c];
      }
      const double s = mass[j] / (d2 * std::sqrt(d2));
      for (int c = 0; c < 3; ++c) a[c] += s * d[c];
    }
    for (int c = 0; c < 3; ++c) {
      const size_t at = 3 * (size_t)i + c;
      want_vel[at] = vel[at] + static_cast<double>(dt) * a[c];
      want_pos[at] = pos[at] + static_cast<double>(dt) * want_vel[at];
    }
  }

  auto dpos = t.input(pos, "pos");
  auto dvel = t.input(vel, "vel");
  auto dmass = t.input(mass, "mass");
  auto dnp = t.output<float>(3 * (size_t)n, "new_pos");
  auto dnv = t.output<float>(3 * (size_t)n, "new_vel");
  nbody_step(n, dt, eps, dpos.get(), dvel.get(), dmass.get(), dnp.get(), dnv.get(), t.stream());
  t.finish_call();
  t.expect_close("new_vel", dnv.download(), want_vel);
  t.expect_close("new_pos", dnp.download(), want_pos);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }
