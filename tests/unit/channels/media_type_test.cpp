#include "channels/media_type.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace baro::channels;
using namespace std::string_literals;

namespace {
std::string bytes(std::initializer_list<int> b)
{
    std::string s;
    for(int c : b)
        s.push_back(static_cast<char>(c));
    return s;
}
}  // namespace

TEST_CASE("voice notes are recognised by their magic bytes", "[channels][media]")
{
    CHECK(sniff_media("OggS\0\x02\0\0\0\0\0\0\0\0OpusHead"s).content_type == "audio/ogg");
    CHECK(sniff_media("\0\0\0\x20" "ftypM4A \0\0\0\0"s).content_type == "audio/mp4");
    CHECK(sniff_media("\0\0\0\x18" "ftyp3gp4\0\0\0\0"s).content_type == "audio/mp4");
    CHECK(sniff_media("#!AMR\n\x3c\x48\xf5\x1f").content_type == "audio/amr");
    CHECK(sniff_media("#!AMR-WB\n\x04").content_type == "audio/amr");
    CHECK(sniff_media("ID3\x04\0\0\0\0\0\0"s).content_type == "audio/mpeg");
    CHECK(sniff_media(bytes({0xFF, 0xFB, 0x90, 0x64})).content_type == "audio/mpeg");  // MPEG-1 Layer III, 128 kb/s
    CHECK(sniff_media(bytes({0xFF, 0xF3, 0x40, 0xC4})).content_type == "audio/mpeg");  // MPEG-2 Layer III
    CHECK(sniff_media("OggS").kind == "audio");
}

TEST_CASE("pictures are recognised by their magic bytes", "[channels][media]")
{
    auto const jpeg = sniff_media(bytes({0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}));
    CHECK(jpeg.kind == "image");
    CHECK(jpeg.content_type == "image/jpeg");
    CHECK(sniff_media("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s).content_type == "image/png");
    CHECK(sniff_media("RIFF\x24\0\0\0WEBPVP8 "s).content_type == "image/webp");
}

TEST_CASE("HTML, text, video and other RIFF or MPEG look-alikes are no medium", "[channels][media]")
{
    for(std::string const& s : {std::string("<!DOCTYPE html><html><body>Not found</body></html>"), std::string("<html>"),
                               std::string(""), std::string("Og"), std::string("{\"error\":\"expired\"}"),
                               "RIFF\x24\0\0\0WAVEfmt "s,                // WAV: not accepted
                               "\x1A\x45\xDF\xA3\x01\0\0\0"s,            // WebM / Matroska
                               bytes({0xFF, 0xFB, 0xF0, 0x64}),                          // bad bitrate index
                               bytes({0xFF, 0xFD, 0x90, 0x64}),                          // Layer II
                               "\0\0\0\x20" "ftyp"s})                    // too short for a box
    {
        CAPTURE(s);
        CHECK(sniff_media(s).kind.empty());
        CHECK(sniff_media(s).content_type.empty());
    }
}
