#include "channels/media_type.hpp"

namespace baro::channels {

namespace {

bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

unsigned char byte(std::string_view s, std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; }

// An MPEG-1/2/2.5 Layer III frame header: 11 sync bits, a version other than "reserved", layer III,
// a bitrate index neither "free" nor "bad" and a sample-rate index other than "reserved".
bool mp3_frame(std::string_view s)
{
    if(s.size() < 4 || byte(s, 0) != 0xFF || (byte(s, 1) & 0xE0) != 0xE0)
        return false;
    auto const version = (byte(s, 1) >> 3) & 0x3;
    auto const layer = (byte(s, 1) >> 1) & 0x3;
    auto const bitrate = byte(s, 2) >> 4;
    auto const rate = (byte(s, 2) >> 2) & 0x3;
    return version != 1 && layer == 1 && bitrate != 0 && bitrate != 15 && rate != 3;
}

}  // namespace

sniffed_media sniff_media(std::string_view head)
{
    if(starts(head, "OggS"))
        return {"audio", "audio/ogg"};
    if(head.size() >= 12 && head.substr(4, 4) == "ftyp")
        return {"audio", "audio/mp4"};  // M4A, MP4 and 3GP voice notes (WhatsApp on iOS, MMS)
    if(starts(head, "#!AMR\n") || starts(head, "#!AMR-WB\n"))
        return {"audio", "audio/amr"};
    if(starts(head, "ID3") || mp3_frame(head))
        return {"audio", "audio/mpeg"};
    if(starts(head, "\xFF\xD8\xFF"))
        return {"image", "image/jpeg"};
    if(starts(head, std::string_view("\x89PNG\r\n\x1A\n", 8)))
        return {"image", "image/png"};
    if(head.size() >= 12 && starts(head, "RIFF") && head.substr(8, 4) == "WEBP")
        return {"image", "image/webp"};
    return {};
}

}  // namespace baro::channels
