#pragma once
#include <string>
#include <string_view>

namespace baro::channels {

/// What the first bytes of a file say it is (issue 15): a provider's Content-Type is never trusted.
struct sniffed_media
{
    std::string kind;          ///< "audio" or "image"; "" when the bytes are none of the accepted types
    std::string content_type;  ///< the type served to moderators: audio/ogg, audio/mp4, audio/amr, audio/mpeg, image/jpeg, image/png, image/webp
};

/// Recognises Ogg (Opus, Vorbis), MP4/M4A/3GP (an `ftyp` box), AMR (narrow and wide band), MP3 (an
/// ID3 tag or an MPEG audio frame header), JPEG, PNG and WebP by their magic bytes; anything else
/// (HTML, text, an empty file, a video) gives an empty kind. `head`: at least the first 16 bytes. Pure.
sniffed_media sniff_media(std::string_view head);

}  // namespace baro::channels
