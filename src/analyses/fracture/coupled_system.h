#pragma once

#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <petscksp.h>

#include <vector>

namespace nanomech::fracture
{
  /**
   * The linear system of Newton's method on displacement and damage
   * together: one PETSc matrix and vector over a numbering that puts each
   * rank's owned displacement dofs and then its owned damage dofs into one
   * contiguous range (so the displacement dof i of rank r is i plus the
   * damage dofs of the ranks before r, and the damage dof j is j plus the
   * displacement dofs of ranks up to r). The constraints are both fields'
   * (zero Dirichlet values and hanging nodes of the displacement, hanging
   * nodes of the damage) in that numbering. Solved with MUMPS's LDL^T
   * factorization with pivoting: J is the Hessian of the energy,
   * symmetric and indefinite where damage softens.
   */
  template <int dim>
  class CoupledSystem
  {
  public:
    using Vector = dealii::PETScWrappers::MPI::Vector;
    using Matrix = dealii::PETScWrappers::MPI::SparseMatrix;

    CoupledSystem() = default;
    ~CoupledSystem();
    CoupledSystem(const CoupledSystem &) = delete;
    CoupledSystem &
    operator=(const CoupledSystem &) = delete;

    /// Numbering, constraints and matrix pattern (on the communicator of
    /// the mesh) for the displacement dofs @p u_dofs with the zero constraints
    /// @p u_constraints and the damage dofs @p d_dofs with @p d_constraints
    /// (after every change of the mesh).
    void
    setup(const dealii::DoFHandler<dim>           &u_dofs,
          const dealii::AffineConstraints<double> &u_constraints,
          const dealii::DoFHandler<dim>           &d_dofs,
          const dealii::AffineConstraints<double> &d_constraints);
    /// Whether setup() has run since the last invalidate().
    bool
    ready() const
    {
      return is_set_up;
    }
    /// The mesh has changed: setup() is due.
    void
    invalidate()
    {
      is_set_up = false;
    }

    /// The coupled index of displacement dof @p i and damage dof @p j.
    dealii::types::global_dof_index
    u_index(dealii::types::global_dof_index i) const;
    dealii::types::global_dof_index
    d_index(dealii::types::global_dof_index j) const;

    const dealii::AffineConstraints<double> &
    constraints() const
    {
      return coupled_constraints;
    }
    Matrix &
    matrix()
    {
      return jacobian;
    }
    Vector &
    residual()
    {
      return rhs;
    }
    /// The owned entries of @p x: the first n_owned_u() are displacement
    /// dofs (in the displacement numbering's order), then the damage's.
    unsigned int
    n_owned_u() const
    {
      return n_u;
    }

    /// Holds the damage dofs @p fixed (coupled indices, owned) of the
    /// assembled J and r: their rows and columns become those of the
    /// identity and their entries of r zero, so that the step is zero
    /// there (the active set of the bounds).
    void
    hold(const std::vector<dealii::types::global_dof_index> &fixed);
    /// After hold(): the largest |r_i| / |J_ii| over the damage dofs (all
    /// ranks), the change of damage a Jacobi step would make: zero exactly
    /// where the bound-constrained damage equation holds (a held dof's
    /// entry is zero, a free one's is its residual).
    double
    damage_residual() const;
    /// Factorizes J as it is now (LDL^T with pivoting, MUMPS). Returns the
    /// number of negative pivots (the negative eigenvalues of J, by
    /// Sylvester's law of inertia). Throws ComputeError if the
    /// factorization fails.
    unsigned int
    factorize();
    /// Solves J x = r with the factorization; x on return.
    void
    solve(Vector &x);
    /// The displacement and damage parts of @p x (owned entries).
    void
    split(const Vector &x, Vector &u, Vector &d) const;

  private:
    MPI_Comm     comm      = MPI_COMM_NULL;
    bool         is_set_up = false;
    unsigned int n_u       = 0;
    /// Per rank: first displacement and damage dof, their counts.
    std::vector<dealii::types::global_dof_index> u_first, d_first, u_count;
    dealii::IndexSet                             owned, relevant;
    dealii::AffineConstraints<double>            coupled_constraints;
    Matrix                                       jacobian;
    Vector                                       rhs;
    KSP                                          ksp = nullptr;
    /// The diagonal of the held damage block (zero on the displacement).
    Vector damage_diagonal;
  };
} // namespace nanomech::fracture
