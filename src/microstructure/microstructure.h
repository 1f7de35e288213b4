#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <any>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nanomech
{
  class JsonWriter;

  /// What sits at a point of the specimen: a phase (index into
  /// "Materials/Phase N") and a grain (0 where the phase has no grains).
  struct MaterialPoint
  {
    unsigned int phase = 0;
    unsigned int grain = 0;
  };

  namespace Microstructure
  {
    /// Which realization of a family to make: the seed of its random
    /// streams and whether it tiles the box periodically. Passed to the
    /// constructor (never written into the ParameterHandler).
    struct Realization
    {
      unsigned int seed     = 1;
      bool         periodic = false;
    };

    /// The parameters of a family without any (homogeneous).
    struct NoParameters
    {
      static void
      declare(dealii::ParameterHandler &)
      {
      }
      void
      parse(dealii::ParameterHandler &)
      {
      }
    };

    /// Parameters of type @p P parsed from @p prm (inside
    /// "Microstructure"): for the convenience constructors of the families.
    template <typename P>
    P
    parsed(dealii::ParameterHandler &prm)
    {
      P p;
      p.parse(prm);
      return p;
    }

    /// A sphere (circle in 2D) that the mesh is to be fitted to.
    template <int dim>
    struct Sphere
    {
      dealii::Point<dim> center;
      double             radius = 0.;
    };

    /**
     * A microstructure family answers "which phase and grain is at x" for
     * points of the specimen box [0, L_x] x [0, L_y] (x [0, L_z]), in µm.
     * Geometry is generated from a seed in the constructor, identically on
     * every rank, so that the answer never depends on the partition.
     */
    template <int dim>
    class Interface
    {
    public:
      virtual ~Interface() = default;

      /// The family's name as selected in "Microstructure/Type".
      virtual std::string
      name() const = 0;

      /// Number of phases used (phase indices are 0 ... n_phases()-1).
      virtual unsigned int
      n_phases() const = 0;

      virtual MaterialPoint
      material_at(const dealii::Point<dim> &p) const = 0;

      /// Rotation of the crystal frame of @p grain (identity by default).
      virtual dealii::Tensor<2, 3>
      grain_rotation(const unsigned int grain) const;

      /// Number of grains (1 when there are none).
      virtual unsigned int
      n_grains() const
      {
        return 1;
      }

      /**
       * Coordinates x_d = c (0 < c < L_d) of planar interfaces normal to
       * direction @p d. A tensor-product mesh puts grid lines there, so
       * axis-aligned interfaces are exact and thin layers are rows of thin
       * cells. Empty for curved interfaces.
       */
      virtual std::vector<double>
      interface_planes(const unsigned int d) const;

      /**
       * Thickness of the thinnest layer, shell or boundary the structure
       * has (µm), or 0 if none: the mesh refines cut cells until this is
       * spanned by "Geometry/Cells across layers" cells.
       */
      virtual double
      thinnest_feature() const
      {
        return 0.;
      }

      /// Whether @p phase is one of the thin layers, shells or boundaries
      /// that thinnest_feature() measures.
      virtual bool
      is_thin_phase(const unsigned int phase) const
      {
        (void)phase;
        return false;
      }

      /**
       * Thickness of the thinnest layer, shell or boundary of @p phase
       * (µm), or 0 if the phase is not one: what a smeared crack band
       * must fit into to see the phase's own strength and toughness.
       */
      virtual double
      layer_thickness(const unsigned int phase) const
      {
        return is_thin_phase(phase) ? thinnest_feature() : 0.;
      }

      /// Volume fractions the parameters ask for, one per phase.
      virtual std::vector<double>
      requested_volume_fractions() const = 0;

      /// Realized geometric statistics (sizes, counts) for summary.json.
      virtual void
      write_statistics(JsonWriter &json) const;

      /// Whether the structure tiles space with the box as period (false
      /// for a random structure generated without Microstructure/Periodic,
      /// whose objects are cut by the faces). Periodic boundary conditions
      /// on a structure that does not tile are a different material.
      virtual bool
      tiles_space() const
      {
        return true;
      }

      /// The sphere the mesh must fit, if the family asks for a conforming
      /// mesh of its own (the mesh module then builds it); none by default.
      virtual std::optional<Sphere<dim>>
      conforming_sphere() const
      {
        return std::nullopt;
      }
    };

    /// rotations[grain - 1], or the identity for grain 0 (no grain).
    dealii::Tensor<2, 3>
    rotation_of_grain(const std::vector<dealii::Tensor<2, 3>> &rotations,
                      unsigned int                             grain);

    /// Declares "Microstructure" with "Type" (the registered families) and
    /// each family's subsection.
    void
    declare_parameters(dealii::ParameterHandler &prm);

    /// The realization the parameters ask for: Microstructure/Seed and
    /// Microstructure/Periodic.
    Realization
    parse_realization(dealii::ParameterHandler &prm);

    struct Family;

    /// The parse step: the family selected in "Microstructure/Type" and
    /// its parsed, checked parameters, from which any number of
    /// realizations are built without reading the parameters again.
    struct FamilyChoice
    {
      const Family *family = nullptr;
      std::any      parameters;
    };

    /// Parses "Microstructure/Type" and the family's subsection
    /// (InputError if bad; the handler is left where it was).
    FamilyChoice
    parse(dealii::ParameterHandler &prm);

    /// The construct step: realization @p realization of @p choice in the
    /// box [0, size]. InputError if the parameters do not fit the box.
    template <int dim>
    std::unique_ptr<Interface<dim>>
    create(const FamilyChoice       &choice,
           const dealii::Point<dim> &size,
           const Realization        &realization);

    /// The box of a family with a natural size (Geometry/Size from
    /// microstructure); InputError for families that have none.
    template <int dim>
    dealii::Point<dim>
    natural_size(const FamilyChoice &choice);

    /// Builds realization @p realization of the family selected in
    /// "Microstructure/Type" for the box [0, size]. Throws InputError if
    /// the parameters do not fit the box; the handler is left where it was
    /// on every path.
    template <int dim>
    std::unique_ptr<Interface<dim>>
    create(dealii::ParameterHandler &prm,
           const dealii::Point<dim> &size,
           const Realization        &realization);

    /// As above, the realization of the parameters (parse_realization()).
    template <int dim>
    std::unique_ptr<Interface<dim>>
    create(dealii::ParameterHandler &prm, const dealii::Point<dim> &size);

    /// The box a family would choose for itself from its counts and sizes
    /// (Geometry/Size from microstructure); InputError for families that
    /// have none.
    template <int dim>
    dealii::Point<dim>
    natural_size(dealii::ParameterHandler &prm);
  } // namespace Microstructure
} // namespace nanomech
