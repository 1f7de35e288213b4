#pragma once

#include <deal.II/lac/petsc_vector.h>

#include <deque>

namespace nanomech::fracture
{
  /**
   * Anderson acceleration of a fixed-point iteration x <- G(x) (Anderson,
   * J. ACM 12 (1965) 547-560; in the form of Walker & Ni, SIAM J. Numer.
   * Anal. 49 (2011) 1715-1735): from the last m differences of the
   * residuals f = G(x) - x and of the images G(x), the next iterate is
   *   x+ = G(x) - sum_i gamma_i dG_i,  gamma = argmin |f - sum_i gamma_i dF_i|,
   * the combination of the recent images whose linearized residual is
   * smallest. For the staggered scheme of phase-field fracture, x is the
   * damage and G one alternate-minimization sweep (displacement, then
   * damage); Storvik et al., CMAME 381 (2021) 113822 measured 2-6x fewer
   * sweeps with it. The least-squares problem is solved through the
   * singular values of its m x m normal matrix, dropping directions below
   * 1e-10 of the largest (nearly dependent differences).
   */
  class AndersonMixing
  {
  public:
    using Vector = dealii::PETScWrappers::MPI::Vector;

    /// @p depth: how many differences are kept (m).
    explicit AndersonMixing(unsigned int depth);

    /// Forgets the history (the next call returns G(x)).
    void
    clear();

    /// The next iterate from the iterate @p x and its image @p g = G(x)
    /// (owned entries, the same layout every call until clear()).
    Vector
    next(const Vector &x, const Vector &g);

  private:
    unsigned int       depth;
    std::deque<Vector> dF, dG;
    Vector             f_last, g_last;
    bool               have_last = false;
  };
} // namespace nanomech::fracture
