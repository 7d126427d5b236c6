#include "core/embedded.hpp"

namespace baro::embedded {

file const* find(std::vector<file> const& files, std::string_view path)
{
    for(auto const& f : files)
        if(f.path == path)
            return &f;
    return nullptr;
}

}  // namespace baro::embedded
