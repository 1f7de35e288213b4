#include "output/field_output.h"

#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_postprocessor.h>

#include "base/exceptions.h"
#include "base/file_io.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <sstream>

namespace nanomech
{
  using namespace dealii;

  PvdRecord::PvdRecord(std::string directory)
      : directory(std::move(directory))
  {
  }

  void
  PvdRecord::add(const double time, const std::string &pvtu, MPI_Comm comm)
  {
    records.emplace_back(time, pvtu);
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      {
        std::ostringstream s;
        DataOutBase::write_pvd_record(s, records);
        write_file_atomically(directory + "/solution.pvd", s.str());
      }
  }

  namespace
  {
    /// Strain, stress, von Mises and hydrostatic stress from the
    /// displacement gradient and the material at each output point.
    template <int dim>
    class StressPostprocessor : public DataPostprocessor<dim>
    {
    public:
      StressPostprocessor(const ElasticProblem<dim>            &problem,
                          const Microstructure::Interface<dim> &ms,
                          const ExtraFields<dim>               *extras)
          : problem(problem)
          , ms(ms)
          , extras(extras)
      {
      }

      std::vector<std::string>
      get_names() const override
      {
        std::vector<std::string> names(dim * dim, "strain");
        names.insert(names.end(), dim * dim, "stress");
        if (dim == 2)
          names.emplace_back("stress_zz");
        names.emplace_back("von_mises");
        names.emplace_back("hydrostatic_stress");
        return names;
      }

      std::vector<DataComponentInterpretation::DataComponentInterpretation>
      get_data_component_interpretation() const override
      {
        std::vector<DataComponentInterpretation::DataComponentInterpretation> r(
            2 * dim * dim,
            DataComponentInterpretation::component_is_part_of_tensor);
        r.insert(r.end(),
                 dim == 2 ? 3 : 2,
                 DataComponentInterpretation::component_is_scalar);
        return r;
      }

      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_gradients | update_quadrature_points;
      }

      void
      evaluate_vector_field(const DataPostprocessorInputs::Vector<dim> &in,
                            std::vector<Vector<double>> &out) const override
      {
        const auto cell   = in.template get_cell<dim>();
        const auto center = cell->center();
        // A laminated cut cell has one (composite) material throughout.
        const auto        &materials = problem.get_materials();
        const unsigned int first     = materials.index(cell, 0);
        const bool         composite = materials.is_composite(first);
        for (unsigned int p = 0; p < in.solution_gradients.size(); ++p)
          {
            // The material of this cell at the point: step slightly into
            // the cell so that points on an interface take the cell's side.
            const Point<dim> x = in.evaluation_points[p] +
                                 1e-3 * (center - in.evaluation_points[p]);
            const SymmetricTensor<4, 3> C =
                composite ? materials.stiffness_3d(first) :
                            materials.stiffness_3d_at(ms.material_at(x));
            SymmetricTensor<2, 3> eps;
            for (unsigned int i = 0; i < dim; ++i)
              for (unsigned int j = i; j < dim; ++j)
                eps[i][j] = 0.5 * (in.solution_gradients[p][i][j] +
                                   in.solution_gradients[p][j][i]);
            const SymmetricTensor<2, 3> sigma =
                (extras && extras->stress) ?
                    extras->stress(
                        typename Triangulation<dim>::active_cell_iterator(cell),
                        x,
                        eps,
                        C) :
                    C * eps;
            unsigned int k = 0;
            for (unsigned int i = 0; i < dim; ++i)
              for (unsigned int j = 0; j < dim; ++j)
                out[p][k++] = eps[i][j];
            for (unsigned int i = 0; i < dim; ++i)
              for (unsigned int j = 0; j < dim; ++j)
                out[p][k++] = sigma[i][j];
            if (dim == 2)
              out[p][k++] = sigma[2][2];
            const SymmetricTensor<2, 3> s = deviator(sigma);
            out[p][k++]                   = std::sqrt(1.5 * (s * s));
            out[p][k++]                   = trace(sigma) / 3.;
          }
      }

    private:
      const ElasticProblem<dim>            &problem;
      const Microstructure::Interface<dim> &ms;
      const ExtraFields<dim>               *extras;
    };

    /// Cell data shared by the field and microstructure outputs.
    template <int dim>
    void
    add_cell_data(DataOut<dim>                         &data_out,
                  const DoFHandler<dim>                &dof_handler,
                  const Microstructure::Interface<dim> &ms,
                  std::vector<Vector<float>>           &storage)
    {
      const auto &tria = dof_handler.get_triangulation();
      storage.assign(4, Vector<float>(tria.n_active_cells()));
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            const MaterialPoint m   = ms.material_at(cell->center());
            const unsigned int  idx = cell->active_cell_index();
            storage[0][idx]         = m.phase;
            storage[1][idx]         = m.grain;
            storage[2][idx]         = cell->subdomain_id();
            storage[3][idx]         = cell->level();
          }
      const char *names[4] = {"phase", "grain", "mpi_rank", "level"};
      for (unsigned int i = 0; i < 4; ++i)
        data_out.add_data_vector(storage[i],
                                 names[i],
                                 DataOut<dim>::type_cell_data);
    }

    /// DataOut whose dataset names (one per patch data row) are public.
    template <int dim>
    class NamedDataOut : public DataOut<dim>
    {
    public:
      using DataOut<dim>::get_dataset_names;
    };

    template <int dim>
    std::string
    write_parallel(DataOut<dim>      &data_out,
                   const std::string &directory,
                   const std::string &name,
                   const unsigned int step,
                   const unsigned int n_files,
                   const MPI_Comm     comm)
    {
      DataOutBase::VtkFlags flags;
      flags.compression_level =
          DataOutBase::VtkFlags::ZlibCompressionLevel::best_speed;
      data_out.set_flags(flags);
      // Written into a staging directory first, then moved into place
      // file by file, the pieces before the .pvtu that names them (the
      // .pvtu refers to them by name only): a reader, or a run killed
      // while writing, never leaves a field step whose record points at
      // a half-written piece.
      const std::string staging = directory + "/.incomplete-fields";
      run_on_root(comm, [&]() {
        // What a killed run left there is not of this step.
        std::error_code ec;
        std::filesystem::remove_all(staging, ec);
        create_directories(staging);
      });
      // With a file per rank a rank writes alone: a failure there is
      // agreed on by all ranks. Writing a file by MPI-IO with other ranks,
      // a rank that fails inside it cannot be waited for: main's abort.
      const bool alone =
          n_files == 0 || n_files >= Utilities::MPI::n_mpi_processes(comm);
      // Fault injection for the tests: a file that cannot be opened on
      // one rank only (alone: its piece goes to a directory that does not
      // exist; else the same failure before the collective write).
      std::string pieces = staging + "/";
      if (const char *r = std::getenv("NANOMECH_TEST_FAIL_FIELDS_ON_RANK"))
        if (std::to_string(Utilities::MPI::this_mpi_process(comm)) == r)
          {
            pieces = staging + "/missing/";
            AssertThrow(alone, ExcFileNotOpen(pieces + name));
          }
      std::string pvtu;
      const auto  write = [&]() {
        pvtu = data_out.write_vtu_with_pvtu_record(
            pieces, name, step, comm, 4, n_files);
      };
      if (alone)
        run_on_every_rank(comm,
                          "cannot write the fields of step " +
                              std::to_string(step),
                          write);
      else
        write();
      MPI_Barrier(comm);
      run_on_root(comm, [&]() {
        require_free_space(staging,
                           "the fields of step " + std::to_string(step));
        namespace fs = std::filesystem;
        std::vector<fs::path> files;
        for (const auto &entry : fs::directory_iterator(staging))
          files.push_back(entry.path());
        // Pieces first, the record last.
        std::stable_partition(files.begin(),
                              files.end(),
                              [](const fs::path &f) {
                                return f.extension() != ".pvtu";
                              });
        for (const fs::path &file : files)
          {
            std::error_code ec;
            fs::rename(file, fs::path(directory) / file.filename(), ec);
            if (ec)
              throw ComputeError("cannot move the field file '" +
                                 file.string() + "' into '" + directory +
                                 "': " + ec.message());
          }
        std::error_code ec;
        fs::remove(staging, ec);
      });
      return pvtu;
    }
  } // namespace

  template <int dim>
  std::string
  write_fields(const ElasticProblem<dim>            &problem,
               const Microstructure::Interface<dim> &ms,
               const std::string                    &directory,
               const unsigned int                    step,
               const unsigned int                    n_files,
               const unsigned int                    subdivisions,
               const std::string                    &name,
               const ExtraFields<dim>               *extras,
               FieldRanges                          *ranges)
  {
    const auto       &dof_handler = problem.get_dof_handler();
    NamedDataOut<dim> data_out;
    data_out.attach_dof_handler(dof_handler);
    data_out.add_data_vector(
        problem.get_solution(),
        std::vector<std::string>(dim, "displacement"),
        DataOut<dim>::type_dof_data,
        std::vector<DataComponentInterpretation::DataComponentInterpretation>(
            dim, DataComponentInterpretation::component_is_part_of_vector));
    StressPostprocessor<dim> stress(problem, ms, extras);
    data_out.add_data_vector(problem.get_solution(), stress);
    if (extras)
      for (const auto &scalar : extras->scalars)
        data_out.add_data_vector(*scalar.dof_handler,
                                 *scalar.vector,
                                 scalar.name);
    std::vector<Vector<float>> cell_data;
    add_cell_data(data_out, dof_handler, ms, cell_data);
    if (extras)
      for (const auto &[values, field] : extras->cell_scalars)
        data_out.add_data_vector(*values, field, DataOut<dim>::type_cell_data);
    const unsigned int n_sub =
        subdivisions > 0 ? subdivisions : dof_handler.get_fe().degree;
    data_out.build_patches(problem.get_mapping(), n_sub);
    if (ranges)
      {
        std::vector<std::string> wanted = {"von_mises", "hydrostatic_stress"};
        if (extras)
          for (const auto &scalar : extras->scalars)
            wanted.push_back(scalar.name);
        // Patch data rows follow the dataset names.
        const std::vector<std::string> names = data_out.get_dataset_names();
        ranges->clear();
        for (const std::string &field : wanted)
          {
            const auto row = std::find(names.begin(), names.end(), field);
            Assert(row != names.end(), ExcInternalError());
            const unsigned int i = row - names.begin();
            double lo = std::numeric_limits<double>::max(), hi = -lo;
            for (const auto &patch : data_out.get_patches())
              for (unsigned int p = 0; p < patch.data.n_cols(); ++p)
                {
                  lo = std::min(lo, double(patch.data(i, p)));
                  hi = std::max(hi, double(patch.data(i, p)));
                }
            const MPI_Comm comm = dof_handler.get_communicator();
            ranges->push_back({field,
                               {{Utilities::MPI::min(lo, comm),
                                 Utilities::MPI::max(hi, comm)}}});
          }
      }
    return write_parallel(data_out,
                          directory,
                          name,
                          step,
                          n_files,
                          dof_handler.get_communicator());
  }

  template <int dim>
  std::string
  write_microstructure(const ElasticProblem<dim>            &problem,
                       const Microstructure::Interface<dim> &ms,
                       const MaterialLibrary                &materials,
                       const std::string                    &directory,
                       const unsigned int                    n_files)
  {
    const auto  &dof_handler = problem.get_dof_handler();
    DataOut<dim> data_out;
    data_out.attach_dof_handler(dof_handler);
    std::vector<Vector<float>> cell_data;
    add_cell_data(data_out, dof_handler, ms, cell_data);

    // Crystal axes as cell vectors: 3 components each, in 2D too.
    std::vector<Vector<float>> axes(6, Vector<float>(cell_data[0].size()));
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const MaterialPoint m = ms.material_at(cell->center());
          const Tensor<2, 3>  F = materials.phase(m.phase).crystal_frame(
              ms.grain_rotation(m.grain));
          const unsigned int i = cell->active_cell_index();
          for (unsigned int c = 0; c < 3; ++c)
            {
              axes[c][i]     = F[c][0];
              axes[3 + c][i] = F[c][2];
            }
        }
    const char *names[6] = {"crystal_axis_1_x",
                            "crystal_axis_1_y",
                            "crystal_axis_1_z",
                            "crystal_axis_3_x",
                            "crystal_axis_3_y",
                            "crystal_axis_3_z"};
    for (unsigned int k = 0; k < 6; ++k)
      data_out.add_data_vector(axes[k], names[k], DataOut<dim>::type_cell_data);
    data_out.build_patches();
    return write_parallel(data_out,
                          directory,
                          "microstructure",
                          0,
                          n_files,
                          dof_handler.get_communicator());
  }

  template std::string
  write_fields<2>(const ElasticProblem<2> &,
                  const Microstructure::Interface<2> &,
                  const std::string &,
                  unsigned int,
                  unsigned int,
                  unsigned int,
                  const std::string &,
                  const ExtraFields<2> *,
                  FieldRanges *);
  template std::string
  write_fields<3>(const ElasticProblem<3> &,
                  const Microstructure::Interface<3> &,
                  const std::string &,
                  unsigned int,
                  unsigned int,
                  unsigned int,
                  const std::string &,
                  const ExtraFields<3> *,
                  FieldRanges *);
  template std::string
  write_microstructure<2>(const ElasticProblem<2> &,
                          const Microstructure::Interface<2> &,
                          const MaterialLibrary &,
                          const std::string &,
                          unsigned int);
  template std::string
  write_microstructure<3>(const ElasticProblem<3> &,
                          const Microstructure::Interface<3> &,
                          const MaterialLibrary &,
                          const std::string &,
                          unsigned int);
} // namespace nanomech
