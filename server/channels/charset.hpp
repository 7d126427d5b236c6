#pragma once
#include <string>
#include <string_view>

namespace baro::channels {

/// `bytes` as UTF-8: unchanged when they are valid UTF-8, else read as windows-1252 (a superset of
/// Latin-1's printable range; its five undefined bytes map to the C1 controls, as WHATWG does).
std::string utf8_or_cp1252(std::string_view bytes);

}  // namespace baro::channels
