#include "http/media_file.hpp"

#include <catch2/catch.hpp>

using baro::http::byte_range;

TEST_CASE("a single byte range is read as audio players send it", "[http][media]")
{
    using range = std::pair<std::size_t, std::size_t>;
    CHECK(byte_range("bytes=0-", 100) == range{0, 99});
    CHECK(byte_range("bytes=10-19", 100) == range{10, 19});
    CHECK(byte_range("bytes=90-200", 100) == range{90, 99});
    CHECK(byte_range("bytes=-10", 100) == range{90, 99});
    CHECK(byte_range("bytes=-500", 100) == range{0, 99});
}

TEST_CASE("any other range header is answered in full", "[http][media]")
{
    CHECK_FALSE(byte_range("bytes=100-", 100));
    CHECK_FALSE(byte_range("bytes=20-10", 100));
    CHECK_FALSE(byte_range("bytes=0-1,5-6", 100));
    CHECK_FALSE(byte_range("items=0-1", 100));
    CHECK_FALSE(byte_range("bytes=-0", 100));
    CHECK_FALSE(byte_range("bytes=0-", 0));
    CHECK_FALSE(byte_range("", 100));
}
