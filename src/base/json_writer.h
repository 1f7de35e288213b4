#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace nanomech
{
  /**
   * A small streaming JSON writer: objects, arrays, strings and numbers,
   * with numbers written to full double precision (round-trip exact) so
   * that scripts compare results without loss.
   */
  class JsonWriter
  {
  public:
    explicit JsonWriter(std::ostream &out);

    void
    begin_object(const std::string &key = "");
    void
    end_object();
    void
    begin_array(const std::string &key = "");
    void
    end_array();

    void
    value(const std::string &key, const std::string &v);
    void
    value(const std::string &key, const char *v);
    void
    value(const std::string &key, double v);
    void
    value(const std::string &key, int v);
    void
    value(const std::string &key, unsigned int v);
    void
    value(const std::string &key, unsigned long long v);
    void
    value(const std::string &key, bool v);
    void
    value(const std::string &key, const std::vector<double> &v);
    void
    value(const std::string &key, const std::vector<unsigned int> &v);
    void
    value(const std::string &key, const std::vector<std::string> &v);
    /// Writes @p json_text (a complete JSON value, not checked) as is.
    void
    raw(const std::string &key, const std::string &json_text);
    void
    matrix(const std::string                      &key,
           const std::vector<std::vector<double>> &rows);

    static std::string
    escape(const std::string &s);
    static std::string
    number(double v);

  private:
    void
    key_prefix(const std::string &key);

    std::ostream     &out;
    std::vector<bool> first_in_level;
  };
} // namespace nanomech
