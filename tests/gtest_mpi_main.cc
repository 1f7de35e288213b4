// GoogleTest main for MPI programs: rank 0 prints the usual report, other
// ranks print only their failures, and the exit status is a failure if any
// rank failed.

#include <deal.II/base/mpi.h>

#include <gtest/gtest.h>

#include <iostream>

namespace
{
  class RankFailurePrinter : public testing::EmptyTestEventListener
  {
  public:
    explicit RankFailurePrinter(unsigned int rank)
        : rank(rank)
    {
    }
    void
    OnTestPartResult(const testing::TestPartResult &r) override
    {
      if (r.failed())
        std::cerr << "[rank " << rank << "] " << r.file_name() << ":"
                  << r.line_number() << ": " << r.summary() << std::endl;
    }

  private:
    unsigned int rank;
  };
} // namespace

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  testing::InitGoogleTest(&argc, argv);
  const unsigned int rank =
      dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
  if (rank != 0)
    {
      auto &listeners = testing::UnitTest::GetInstance()->listeners();
      delete listeners.Release(listeners.default_result_printer());
      listeners.Append(new RankFailurePrinter(rank));
    }
  const int result = RUN_ALL_TESTS();
  return dealii::Utilities::MPI::max(result, MPI_COMM_WORLD);
}
