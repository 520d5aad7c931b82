// A minimal XML reader for checking JUnit reports: well-formedness (prolog, one root, matching
// tags, quoted attributes, known entities) and the elements with their attributes. Enough for
// what junit_report writes; not a general XML parser.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace conformance_test {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  // entities decoded
  std::vector<XmlElement> children;
  std::string text;  // character data, entities decoded
};

// The document's root element; throws std::runtime_error saying where the text is malformed.
XmlElement parse_xml(const std::string& text);

// Every element named `name` below (and including) `root`.
std::vector<const XmlElement*> find_all(const XmlElement& root, const std::string& name);

}  // namespace conformance_test
