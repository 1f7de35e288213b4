#include "analyses/fracture/anderson.h"

#include <deal.II/lac/lapack_full_matrix.h>

namespace nanomech::fracture
{
  using namespace dealii;

  AndersonMixing::AndersonMixing(const unsigned int depth)
      : depth(depth)
  {
  }

  void
  AndersonMixing::clear()
  {
    dF.clear();
    dG.clear();
    have_last = false;
  }

  AndersonMixing::Vector
  AndersonMixing::next(const Vector &x, const Vector &g)
  {
    Vector f(g);
    f -= x;
    if (have_last)
      {
        Vector df(f), dg(g);
        df -= f_last;
        dg -= g_last;
        dF.push_back(std::move(df));
        dG.push_back(std::move(dg));
        if (dF.size() > depth)
          {
            dF.pop_front();
            dG.pop_front();
          }
      }
    f_last    = f;
    g_last    = g;
    have_last = true;
    Vector             result(g);
    const unsigned int m = dF.size();
    if (m == 0)
      return result;
    // Normal equations (dF^T dF) gamma = dF^T f, solved through the SVD.
    LAPACKFullMatrix<double> M(m, m);
    dealii::Vector<double>   b(m), gamma(m);
    for (unsigned int i = 0; i < m; ++i)
      {
        b(i) = dF[i] * f;
        for (unsigned int j = 0; j <= i; ++j)
          M(i, j) = M(j, i) = dF[i] * dF[j];
      }
    M.compute_inverse_svd(1e-10);
    M.vmult(gamma, b);
    for (unsigned int i = 0; i < m; ++i)
      result.add(-gamma(i), dG[i]);
    return result;
  }
} // namespace nanomech::fracture
