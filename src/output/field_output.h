#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/lac/vector.h>

#include "microstructure/microstructure.h"
#include "output/checkpoint.h"
#include "physics/elastic_problem.h"

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace nanomech
{
  /**
   * The time series of a run for ParaView: solution.pvd listing the
   * solution_NNNN.pvtu records. Rewritten atomically by rank 0 after each
   * step, so that it always points at complete files only.
   */
  class PvdRecord
  {
  public:
    explicit PvdRecord(std::string directory);
    /// Adds (time, pvtu file name) and rewrites solution.pvd.
    void
    add(double time, const std::string &pvtu_file, MPI_Comm comm);
    /// Puts the records into a checkpoint's state.
    /// The records (time and file), for checkpoints.
    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      ar &records;
    }
    std::size_t
    size() const
    {
      return records.size();
    }

  private:
    std::string                                 directory;
    std::vector<std::pair<double, std::string>> records;
  };

  /// Further fields for write_fields(): scalar dof vectors on other
  /// DoFHandlers of the same mesh (e.g. damage), and a stress law
  /// replacing sigma = C : eps at output points (e.g. degraded stress).
  template <int dim>
  struct ExtraFields
  {
    struct Scalar
    {
      const dealii::DoFHandler<dim>            *dof_handler;
      const dealii::PETScWrappers::MPI::Vector *vector;
      std::string                               name;
    };
    std::vector<Scalar> scalars;
    /// Per-cell values (indexed by active cell index) with their names.
    std::vector<std::pair<const dealii::Vector<float> *, std::string>>
        cell_scalars;
    std::function<dealii::SymmetricTensor<2, 3>(
        const typename dealii::Triangulation<dim>::active_cell_iterator &,
        const dealii::Point<dim> &,
        const dealii::SymmetricTensor<2, 3> &,
        const dealii::SymmetricTensor<4, 3> &)>
        stress;
  };

  /// Smallest and largest value of scalar fields as written (float, at
  /// the output points of all ranks), by field name.
  using FieldRanges =
      std::vector<std::pair<std::string, std::array<double, 2>>>;

  /**
   * Writes the fields of @p problem at output step @p step: displacement,
   * strain and stress tensors (3x3 in 3D; in 2D the in-plane tensors and
   * stress_zz), von Mises and hydrostatic stress (plane strain included),
   * and per cell the phase, grain, MPI rank and refinement level. Returns
   * the pvtu file name (relative to @p directory). If @p ranges is given,
   * it receives the range of von_mises, hydrostatic_stress and the extra
   * scalars over the written points, the numbers ParaView shows.
   */
  template <int dim>
  std::string
  write_fields(const ElasticProblem<dim>            &problem,
               const Microstructure::Interface<dim> &microstructure,
               const std::string                    &directory,
               unsigned int                          step,
               unsigned int                          n_files,
               unsigned int                          subdivisions,
               const std::string                    &name   = "solution",
               const ExtraFields<dim>               *extras = nullptr,
               FieldRanges                          *ranges = nullptr);

  /**
   * Writes only the mesh (for --mesh-only), with per cell the phase, grain,
   * MPI rank, refinement level, and the crystal axes 1 and 3 of the cell's
   * grain in the specimen frame as scalar components "crystal_axis_1_x"
   * ... "crystal_axis_3_z" (a ParaView Calculator makes vectors of them for
   * Glyph).
   */
  template <int dim>
  std::string
  write_microstructure(const ElasticProblem<dim>            &problem,
                       const Microstructure::Interface<dim> &microstructure,
                       const MaterialLibrary                &materials,
                       const std::string                    &directory,
                       unsigned int                          n_files);
} // namespace nanomech
