#pragma once

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include "physics/linear_solver.h"
#include "physics/material_field.h"

#include <array>
#include <functional>
#include <map>

namespace nanomech
{
  /**
   * Small-strain linear elasticity on a distributed mesh (plane strain in
   * 2D) with FE_Q(p)^dim, p = 1 or 2: the degrees of freedom, the
   * constraints (hanging nodes plus the Dirichlet conditions an analysis
   * supplies), the per-point materials, assembly into a PETSc matrix, the
   * solve and the quantities computed from the solution.
   *
   * The shape of step-40/step-8: setup_dofs(), setup_materials(),
   * setup_constraints(), assemble(), solve(). Cell matrices of uniform,
   * axis-aligned box cells depend only on the material and the cell's edge
   * lengths, so they are computed once and reused; on a tensor-product
   * mesh that makes assembly almost free.
   */
  template <int dim>
  class ElasticProblem
  {
  public:
    using Vector = dealii::PETScWrappers::MPI::Vector;
    using Cell   = typename dealii::DoFHandler<dim>::active_cell_iterator;
    /// Adds Dirichlet constraints (the hanging-node ones are there already).
    using DirichletFunction =
        std::function<void(const dealii::DoFHandler<dim> &,
                           dealii::AffineConstraints<double> &)>;

    ElasticProblem(
        const dealii::parallel::distributed::Triangulation<dim> &tria,
        unsigned int                                             degree);

    /// Distributes the dofs and checks their nodal (interleaved) order.
    void
    setup_dofs();
    /// Stores the material of every quadrature point.
    void
    setup_materials(const Microstructure::Interface<dim> &microstructure,
                    const MaterialLibrary                &library,
                    bool laminate_cut_cells = false);
    /// Builds the constraints, the sparsity pattern and the matrix.
    void
    setup_constraints(const DirichletFunction &add_dirichlet);
    /// Rebuilds only the constraints' values (same constrained dofs), for a
    /// new load level without a new matrix pattern.
    void
    update_constraints(const DirichletFunction &add_dirichlet);
    /// Body force per unit volume, MPa/µm (µN/µm^3).
    void
    set_body_force(
        std::function<dealii::Tensor<1, dim>(const dealii::Point<dim> &)>
            force);

    /// A nonlinear law given by its secant stiffness: law(cell, q, material
    /// index, eps) returns the 3D C_s with sigma = C_s : eps, exact at the
    /// 3D strain eps (plane strain in 2D) of quadrature point q. Assembly
    /// then takes C_s at the strain of the current solution (one step of a
    /// fixed-point iteration), and the internal forces and averages take
    /// the stress C_s : eps. An empty function: the linear materials.
    using SecantLaw = std::function<
        dealii::SymmetricTensor<4, 3>(const Cell &,
                                      unsigned int,
                                      unsigned int,
                                      const dealii::SymmetricTensor<2, 3> &)>;
    void
    set_secant_law(SecantLaw law)
    {
      secant_law = std::move(law);
    }

    /// A nonlinear law with history (plasticity): law(cell, q, material
    /// index, eps, sigma, tangent) sets the 3D stress sigma at the 3D
    /// strain eps (plane strain in 2D) of point q and, if @p tangent is not
    /// null, d sigma / d eps; the law keeps the point's history itself and
    /// evaluates from the state of the last converged step. Assembly then
    /// gives Newton's system for the new displacement u_{k+1}:
    ///   K_T(u_k) u_{k+1} = K_T(u_k) u_k - f_int(u_k) + f_ext
    /// with the constraints' values (the load level) applied to u_{k+1}, so
    /// that the first iteration of a load step also applies the new
    /// boundary values; for a linear law it is the linear problem. An
    /// empty function: none.
    using TangentLaw = std::function<void(const Cell &,
                                          unsigned int,
                                          unsigned int,
                                          const dealii::SymmetricTensor<2, 3> &,
                                          dealii::SymmetricTensor<2, 3> &,
                                          dealii::SymmetricTensor<4, 3> *)>;
    void
    set_tangent_law(TangentLaw law)
    {
      tangent_law = std::move(law);
    }
    /// With a tangent law: the B-bar formulation (Hughes, Int. J. Numer.
    /// Meth. Eng. 15 (1980) 1413): the volumetric strain of every point of
    /// a cell is the cell's mean, for all strains the law sees and for the
    /// virtual strains of assembly, so that Q1 cells do not lock in nearly
    /// incompressible (plastic) flow. Off: the pointwise strain.
    void
    set_mean_dilatation(const bool on)
    {
      mean_dilatation = on;
    }
    /// With a tangent law: a uniform macro strain E (3x3; in 2D only the
    /// in-plane components) added to the strain of every point, for a
    /// periodic RVE along a macro path (u = E x + w, the solution is the
    /// periodic fluctuation w).
    void
    set_macro_strain(const dealii::SymmetricTensor<2, 3> &E)
    {
      macro_strain = E;
    }
    /// With a tangent law: macro strain directions e_j whose couplings
    /// assemble() also gives (macro_coupling()): g_j = d f_int / d E_j
    /// and h_j = d (int sigma : e_j) / d u, distributed like the
    /// right-hand side, and A_ij = int e_i : D : e_j (all ranks).
    void
    set_macro_directions(std::vector<dealii::SymmetricTensor<2, 3>> e)
    {
      macro_directions = std::move(e);
    }
    struct MacroCoupling
    {
      std::vector<Vector>        g, h;
      dealii::FullMatrix<double> A;
    };
    const MacroCoupling &
    macro_coupling() const
    {
      return coupling;
    }
    /// Solves K x = @p b with the assembled matrix (handed to @p solver
    /// first, with a new preconditioner, if @p new_operator), x with zero
    /// values at the constrained dofs (Newton's corrections); returns x,
    /// owned. The linear iterations are added to @p iterations.
    Vector
    solve_for(LinearSolver &solver,
              const Vector &b,
              unsigned int &iterations,
              bool          new_operator);
    /// The right-hand side of the last assembly.
    const Vector &
    get_rhs() const
    {
      return system_rhs;
    }
    /// With a tangent law: whether assemble() and solve() give Newton's
    /// correction u_{k+1} = u_k + x from K_T x = f_ext - f_int(u_k) with
    /// zero values at the constrained dofs (so that the linear solver's
    /// relative tolerance applies to the out-of-balance force), instead of
    /// u_{k+1} itself with the constraints' values (which moves the
    /// boundary to a new load level). For the iterations after the first
    /// of a load step.
    void
    set_newton_correction(const bool on)
    {
      correction = on;
    }
    /// With a tangent law, after assemble(): the out-of-balance force
    /// ||f_int - f_ext|| over the unconstrained dofs relative to the
    /// forces that hold the body, sqrt(||R||^2 + ||f_ext||^2): the
    /// reactions R (f_int - f_ext over the Dirichlet-constrained dofs) and
    /// the applied loads over the free ones (absolute if both are zero),
    /// all ranks.
    double
    newton_residual() const;
    /// With a tangent law: the elastic energy 1/2 sigma : C^-1 : sigma is
    /// what averages() reports as energy (not 1/2 sigma : eps).

    /// A body force given at every quadrature point (MPa/µm), indexed by
    /// active_cell_index * n_q_points + q over the locally owned cells;
    /// read at each assembly, so @p forces must live as long as it is set.
    /// nullptr: none.
    void
    set_point_force(const std::vector<dealii::Tensor<1, dim>> *forces)
    {
      point_force = forces;
    }

    /// Solve for a displacement u0 + u instead of u (the fluctuation about
    /// an imposed field): the right-hand side gets -K u0, and
    /// add_to_solution(u0) after the solve gives the total field. Used for
    /// homogenization with u0 = E x. An empty vector removes it.
    void
    set_imposed_displacement(const Vector &u0);
    /// A uniform traction sigma n on every boundary face (a macroscopic
    /// stress applied to the whole boundary); zero tensor: none.
    void
    set_boundary_stress(const dealii::SymmetricTensor<2, dim> &sigma);
    /// A pressure @p p (MPa) on the boundary @p boundary_id: the traction
    /// -p n (n the outward normal), a dead load; p = 0: none.
    void
    set_boundary_pressure(dealii::types::boundary_id boundary_id, double p)
    {
      pressure_boundary = boundary_id;
      pressure          = p;
    }
    /// The volume the boundary @p boundary_id sweeps against its outward
    /// normal, -int u.n ds (µm^3; µm^2 per unit thickness in 2D): the
    /// growth of a cavity it bounds, all ranks.
    double
    displaced_volume(dealii::types::boundary_id boundary_id) const;
    /// The nodal interpolation of the affine field u0(x) = grad x (exact for
    /// Q1 and Q2), owned entries.
    Vector
    affine_displacement(const dealii::Tensor<2, dim> &grad) const;
    /// solution += @p owned (a vector without ghosts).
    void
    add_to_solution(const Vector &owned);
    /// solution *= @p factor (with the constraints' values scaled alike by
    /// the caller: a proportional load).
    void
    scale_solution(double factor);

    /// Assembles the matrix (if @p matrix_too) and the right-hand side.
    void
    assemble(bool matrix_too = true);
    /// Solves with @p solver, handing it the matrix first if
    /// @p new_operator (and then a new AMG set-up unless
    /// @p keep_preconditioner). Returns the CG iterations.
    unsigned int
    solve(LinearSolver &solver,
          bool          new_operator        = true,
          bool          keep_preconditioner = false);
    /// ||K u - f|| / ||f|| over the unconstrained rows, for the current
    /// solution and the assembled matrix and right-hand side: the relative
    /// equilibrium residual (absolute if f = 0 there). Assembled for
    /// Newton's correction (set_newton_correction), whose right-hand side
    /// is r = f_ext - f_int: the same measure, ||r|| / ||K u + r||.
    double
    relative_residual() const;

    /// K u condensed onto the unconstrained dofs: the nodal forces the
    /// body exerts, whose sum over a face's dofs is the reaction there.
    Vector
    internal_force() const;
    /// Sum of the internal forces in @p component over the dofs on the
    /// boundary @p boundary_id: the reaction force (µN in 3D, N/m per unit
    /// thickness in 2D).
    double
    boundary_force(dealii::types::boundary_id boundary_id,
                   unsigned int               component) const;

    /// Volume averages of the stress and strain (3x3, plane strain in 2D),
    /// the elastic energy (MPa µm^3 = pJ in 3D) and the volume.
    struct Averages
    {
      dealii::SymmetricTensor<2, 3> stress;
      dealii::SymmetricTensor<2, 3> strain;
      double                        energy = 0.;
      double                        volume = 0.;
    };
    Averages
    averages() const;

    /// The 3x3 stress for the 3x3 strain @p eps3 at quadrature point
    /// @p q of @p cell (in 2D plane strain: eps_zz = 0 unless B-bar), with
    /// the secant or tangent law if one is set.
    void
    stress_at(const Cell                          &cell,
              unsigned int                         q,
              const dealii::SymmetricTensor<2, 3> &eps3,
              dealii::SymmetricTensor<2, 3>       &sigma3) const;
    /// The 3x3 strains of the solution at the quadrature points of the
    /// cell @p fe_values was reinitialized on (with the cell's mean
    /// dilatation under B-bar).
    void
    point_strains(const dealii::FEValues<dim>                &fe_values,
                  std::vector<dealii::SymmetricTensor<2, 3>> &eps3) const;

    const dealii::DoFHandler<dim> &
    get_dof_handler() const
    {
      return dof_handler;
    }
    const dealii::Mapping<dim> &
    get_mapping() const
    {
      return *mapping;
    }
    const Vector &
    get_solution() const
    {
      return solution;
    }
    Vector &
    get_solution()
    {
      return solution;
    }
    const MaterialField<dim> &
    get_materials() const
    {
      return materials;
    }
    MaterialField<dim> &
    get_materials()
    {
      return materials;
    }
    const dealii::AffineConstraints<double> &
    get_constraints() const
    {
      return constraints;
    }
    /// The hanging-node constraints alone (for a displacement of another
    /// load level, moved to a refined mesh).
    const dealii::AffineConstraints<double> &
    get_hanging_constraints() const
    {
      return hanging_constraints;
    }
    /// The constraints with zero values (hanging nodes, periodicity, zero
    /// Dirichlet values): those of Newton's corrections.
    const dealii::AffineConstraints<double> &
    get_zero_constraints() const
    {
      return zero_constraints;
    }
    const dealii::IndexSet &
    get_locally_owned_dofs() const
    {
      return locally_owned_dofs;
    }
    const dealii::Quadrature<dim> &
    get_quadrature() const
    {
      return quadrature;
    }
    /// For each owned dof, the coordinate of its support point along the
    /// dof's component (what PETSc needs for the rigid-body modes).
    Vector
    support_coordinates() const;
    /// Cell matrices computed and taken from the cache in the last
    /// assembly (this rank).
    std::array<std::size_t, 2> cache_statistics{{0, 0}};

  private:
    /// With a tangent law: Newton's cell matrix into scratch_matrix and
    /// the internal forces into scratch_force (@p fe_values reinitialized
    /// on @p cell).
    void
    tangent_cell_matrix(const Cell                  &cell,
                        const dealii::FEValues<dim> &fe_values) const;
    /// Calls @p f(dof, support point) for every owned dof.
    void
    for_each_owned_support_point(
        const std::function<void(dealii::types::global_dof_index,
                                 const dealii::Point<dim> &)> &f) const;

    /// The cell matrix of @p cell: from the cache or computed (then
    /// @p fe_values has been reinitialized on @p cell).
    const dealii::FullMatrix<double> &
    cell_matrix(const Cell            &cell,
                dealii::FEValues<dim> &fe_values,
                bool                  *reused = nullptr) const;

    MPI_Comm                                                 comm;
    const dealii::parallel::distributed::Triangulation<dim> &tria;
    dealii::FESystem<dim>                                    fe;
    /// Q1 on straight-sided meshes; of the element's degree when the mesh
    /// has curved manifolds (set in setup_dofs()).
    std::unique_ptr<dealii::Mapping<dim>> mapping;
    bool                                  curved_mapping = false;
    dealii::QGauss<dim>                   quadrature;
    dealii::DoFHandler<dim>               dof_handler;
    dealii::IndexSet                      locally_owned_dofs;
    dealii::IndexSet                      locally_relevant_dofs;
    dealii::AffineConstraints<double>     hanging_constraints;
    dealii::AffineConstraints<double>     constraints;
    MaterialField<dim>                    materials;
    std::function<dealii::Tensor<1, dim>(const dealii::Point<dim> &)>
                                               body_force;
    const std::vector<dealii::Tensor<1, dim>> *point_force = nullptr;
    dealii::PETScWrappers::MPI::SparseMatrix   system_matrix;
    Vector                                     system_rhs;
    Vector                                     solution; ///< with ghosts
    Vector                                     imposed;  ///< u0, with ghosts
    bool                                       has_imposed = false;
    dealii::SymmetricTensor<2, dim>            boundary_stress;
    dealii::types::boundary_id                 pressure_boundary = 0;
    double                                     pressure          = 0.;
    SecantLaw                                  secant_law;
    TangentLaw                                 tangent_law;
    bool                                       correction      = false;
    bool                                       mean_dilatation = false;
    dealii::SymmetricTensor<2, 3>              macro_strain;
    std::vector<dealii::SymmetricTensor<2, 3>> macro_directions;
    MacroCoupling                              coupling;
    /// Per cell of the last tangent_cell_matrix(): g_j, h_j and A.
    mutable std::vector<dealii::Vector<double>> cell_g, cell_h;
    mutable dealii::FullMatrix<double>          cell_A;
    /// With a tangent law: the internal forces of the cells summed in
    /// magnitude (the scale of the out-of-balance force when nothing
    /// holds the body: a periodic RVE).
    Vector                            internal_magnitude;
    dealii::AffineConstraints<double> zero_constraints;
    /// With a tangent law: f_int - f_ext of the last assembly (condensed
    /// on the hanging nodes), owned.
    Vector out_of_balance;
    /// With a tangent law: f_int - f_ext condensed with all constraints
    /// (hanging, periodic, zero Dirichlet), owned.
    Vector free_imbalance;
    /// With a tangent law: f_ext of the last assembly, owned.
    Vector external_force;
    /// The internal force vector of the cell of the last cell_matrix()
    /// call with a tangent law.
    mutable dealii::Vector<double> scratch_force;

    // Cell-matrix cache, keyed by material and (quantized) edge lengths.
    using CacheKey = std::array<double, dim + 1>;
    mutable std::map<CacheKey, dealii::FullMatrix<double>> matrix_cache;
    mutable dealii::FullMatrix<double>                     scratch_matrix;
  };
} // namespace nanomech
