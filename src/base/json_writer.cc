#include "base/json_writer.h"

#include <cmath>
#include <cstdio>

namespace nanomech
{
  JsonWriter::JsonWriter(std::ostream &out)
      : out(out)
  {
  }

  std::string
  JsonWriter::escape(const std::string &s)
  {
    std::string r;
    r.reserve(s.size() + 2);
    for (const char c : s)
      switch (c)
        {
          case '"':
            r += "\\\"";
            break;
          case '\\':
            r += "\\\\";
            break;
          case '\n':
            r += "\\n";
            break;
          case '\t':
            r += "\\t";
            break;
          default:
            if (static_cast<unsigned char>(c) < 0x20)
              {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                r += buf;
              }
            else
              r += c;
        }
    return r;
  }

  std::string
  JsonWriter::number(const double v)
  {
    // JSON has no NaN or infinity; null is the honest value.
    if (!std::isfinite(v))
      return "null";
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.17g", v);
    return buf;
  }

  void
  JsonWriter::key_prefix(const std::string &key)
  {
    if (!first_in_level.empty())
      {
        if (!first_in_level.back())
          out << ',';
        first_in_level.back() = false;
        out << '\n' << std::string(2 * first_in_level.size(), ' ');
      }
    if (!key.empty())
      out << '"' << escape(key) << "\": ";
  }

  void
  JsonWriter::begin_object(const std::string &key)
  {
    key_prefix(key);
    out << '{';
    first_in_level.push_back(true);
  }

  void
  JsonWriter::end_object()
  {
    first_in_level.pop_back();
    out << '\n' << std::string(2 * first_in_level.size(), ' ') << '}';
    if (first_in_level.empty())
      out << '\n';
  }

  void
  JsonWriter::begin_array(const std::string &key)
  {
    key_prefix(key);
    out << '[';
    first_in_level.push_back(true);
  }

  void
  JsonWriter::end_array()
  {
    first_in_level.pop_back();
    out << '\n' << std::string(2 * first_in_level.size(), ' ') << ']';
  }

  void
  JsonWriter::value(const std::string &key, const std::string &v)
  {
    key_prefix(key);
    out << '"' << escape(v) << '"';
  }

  void
  JsonWriter::value(const std::string &key, const char *v)
  {
    value(key, std::string(v));
  }

  void
  JsonWriter::value(const std::string &key, const double v)
  {
    key_prefix(key);
    out << number(v);
  }

  void
  JsonWriter::value(const std::string &key, const int v)
  {
    key_prefix(key);
    out << v;
  }

  void
  JsonWriter::value(const std::string &key, const unsigned int v)
  {
    key_prefix(key);
    out << v;
  }

  void
  JsonWriter::value(const std::string &key, const unsigned long long v)
  {
    key_prefix(key);
    out << v;
  }

  void
  JsonWriter::value(const std::string &key, const bool v)
  {
    key_prefix(key);
    out << (v ? "true" : "false");
  }

  void
  JsonWriter::value(const std::string &key, const std::vector<double> &v)
  {
    key_prefix(key);
    out << '[';
    for (std::size_t i = 0; i < v.size(); ++i)
      out << (i ? ", " : "") << number(v[i]);
    out << ']';
  }

  void
  JsonWriter::value(const std::string &key, const std::vector<unsigned int> &v)
  {
    key_prefix(key);
    out << '[';
    for (std::size_t i = 0; i < v.size(); ++i)
      out << (i ? ", " : "") << v[i];
    out << ']';
  }

  void
  JsonWriter::value(const std::string &key, const std::vector<std::string> &v)
  {
    begin_array(key);
    for (const auto &x : v)
      value("", x);
    end_array();
  }

  void
  JsonWriter::raw(const std::string &key, const std::string &json_text)
  {
    key_prefix(key);
    out << json_text;
  }

  void
  JsonWriter::matrix(const std::string                      &key,
                     const std::vector<std::vector<double>> &rows)
  {
    begin_array(key);
    for (const auto &row : rows)
      value("", row);
    end_array();
  }
} // namespace nanomech
