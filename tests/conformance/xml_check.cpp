#include "xml_check.hpp"

#include <cctype>
#include <stdexcept>

namespace conformance_test {
namespace {

class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  XmlElement document() {
    skip_space();
    if (text_.compare(at_, 5, "<?xml") == 0) {
      const size_t end = text_.find("?>", at_);
      if (end == std::string::npos) fail("unterminated prolog");
      at_ = end + 2;
    }
    skip_space();
    XmlElement root = element();
    skip_space();
    if (at_ != text_.size()) fail("text after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("malformed XML at byte " + std::to_string(at_) + ": " + why);
  }

  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }

  void expect(char c) {
    if (at_ >= text_.size() || text_[at_] != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }

  std::string name() {
    const size_t start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) ||
                                  text_[at_] == '_' || text_[at_] == '-' || text_[at_] == ':')) {
      ++at_;
    }
    if (at_ == start) fail("expected a name");
    return text_.substr(start, at_ - start);
  }

  std::string decode(const std::string& raw) const {
    static const std::map<std::string, char> entities = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '<') throw std::runtime_error("malformed XML: '<' in text or attribute");
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      const size_t semi = raw.find(';', i);
      auto it = semi == std::string::npos ? entities.end()
                                          : entities.find(raw.substr(i + 1, semi - i - 1));
      if (it == entities.end()) throw std::runtime_error("malformed XML: unknown entity");
      out += it->second;
      i = semi;
    }
    return out;
  }

  XmlElement element() {
    expect('<');
    XmlElement e;
    e.name = name();
    for (;;) {
      skip_space();
      if (text_.compare(at_, 2, "/>") == 0) {
        at_ += 2;
        return e;
      }
      if (at_ < text_.size() && text_[at_] == '>') break;
      const std::string key = name();
      expect('=');
      expect('"');
      const size_t end = text_.find('"', at_);
      if (end == std::string::npos) fail("unterminated attribute");
      if (!e.attributes.emplace(key, decode(text_.substr(at_, end - at_))).second) {
        fail("attribute " + key + " repeated");
      }
      at_ = end + 1;
    }
    ++at_;
    content(e);
    return e;
  }

  void content(XmlElement& e) {
    for (;;) {
      const size_t open = text_.find('<', at_);
      if (open == std::string::npos) fail("unterminated element " + e.name);
      e.text += decode(text_.substr(at_, open - at_));
      at_ = open;
      if (text_.compare(at_, 2, "</") == 0) {
        at_ += 2;
        if (name() != e.name) fail("closing tag does not match <" + e.name + ">");
        skip_space();
        expect('>');
        return;
      }
      e.children.push_back(element());
    }
  }

  const std::string& text_;
  size_t at_ = 0;
};

void collect(const XmlElement& e, const std::string& name, std::vector<const XmlElement*>& out) {
  if (e.name == name) out.push_back(&e);
  for (const XmlElement& child : e.children) collect(child, name, out);
}

}  // namespace

XmlElement parse_xml(const std::string& text) {
  return Reader(text).document();
}

std::vector<const XmlElement*> find_all(const XmlElement& root, const std::string& name) {
  std::vector<const XmlElement*> found;
  collect(root, name, found);
  return found;
}

}  // namespace conformance_test
