#pragma once

#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <string>
#include <vector>

namespace nanomech
{
  /**
   * The warnings of a run, kept as data: each is printed once when it is
   * raised and listed in summary.json ("warnings"), so that a study can
   * flag its cases without reading logs. Carried through checkpoints.
   */
  class WarningLog
  {
  public:
    /// Records @p message; returns false if the same message was recorded
    /// before (then the caller need not print it again).
    bool
    add(const std::string &message)
    {
      for (const auto &m : messages)
        if (m == message)
          return false;
      messages.push_back(message);
      return true;
    }

    const std::vector<std::string> &
    list() const
    {
      return messages;
    }

    /// Loading puts the saved warnings first and keeps those raised
    /// before the load (by the restart itself) after them.
    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      if constexpr (Archive::is_loading::value)
        {
          std::vector<std::string> raised;
          raised.swap(messages);
          ar &messages;
          for (const auto &m : raised)
            add(m);
        }
      else
        ar &messages;
    }

  private:
    std::vector<std::string> messages;
  };
} // namespace nanomech
