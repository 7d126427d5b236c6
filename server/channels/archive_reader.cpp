#include "channels/archive_reader.hpp"

namespace baro::channels {

namespace {
constexpr std::size_t max_frames = 64;     // containers around records: tweets.js needs 1, a Graph page 2
constexpr std::size_t max_key_bytes = 16;  // enough to recognise "data"
char const* const overlong = "longer than 1 MiB";
}  // namespace

json_record_reader::json_record_reader(json_layout layout) : layout_(layout) {}

bool json_record_reader::at_record_level() const
{
    if(deep_)
        return false;
    if(layout_ == json_layout::data_pages)
        return ! frames_.empty() && frames_.back().data;
    for(auto const& f : frames_)
        if(f.kind != '[')
            return false;
    return true;
}

void json_record_reader::emit(record_sink const& sink, std::string broken)
{
    if(overlong_ && broken.empty())
        broken = overlong;
    sink(archive_record{std::move(record_), record_line_, index_++, std::move(broken)});
    record_.clear();
    in_record_ = overlong_ = in_string_ = escape_ = false;
    depth_ = 0;
}

void json_record_reader::outside(char c, record_sink const& /*sink*/)
{
    if(in_string_)
    {
        if(escape_)
            escape_ = false;
        else if(c == '\\')
            escape_ = true;
        else if(c == '"' || c == '\n')  // a line break ends a broken string: resume on the next line
        {
            in_string_ = false;
            last_key_ = key_;
        }
        else if(key_next_ && key_.size() < max_key_bytes)
            key_ += c;
        return;
    }
    switch(c)
    {
    case '"':
        in_string_ = true;
        key_.clear();
        if(! key_next_)
            last_key_.clear();
        break;
    case '{':
        if(at_record_level())
        {
            in_record_ = true;
            record_ = "{";
            depth_ = 1;
            record_line_ = line_;
            return;
        }
        [[fallthrough]];
    case '[':
        if(frames_.size() >= max_frames)
            ++deep_;
        else
            frames_.push_back({c, c == '[' && layout_ == json_layout::data_pages && ! frames_.empty() &&
                                      frames_.back().kind == '{' && last_key_ == "data"});
        key_next_ = c == '{';
        break;
    case '}':
    case ']':
        if(deep_)
            --deep_;
        else if(! frames_.empty())
            frames_.pop_back();
        key_next_ = false;
        break;
    case ',':
        key_next_ = ! frames_.empty() && frames_.back().kind == '{';
        break;
    case ':':
        key_next_ = false;
        break;
    default:
        break;
    }
}

void json_record_reader::inside(char c, record_sink const& sink)
{
    if(! overlong_)
    {
        record_ += c;
        if(record_.size() > max_record_bytes)
        {
            overlong_ = true;
            record_ = std::string();  // give the memory back; the record is reported without its text
        }
    }
    if(in_string_)
    {
        if(escape_)
            escape_ = false;
        else if(c == '\\')
            escape_ = true;
        else if(c == '"')
            in_string_ = false;
        else if(c == '\n')  // JSON strings hold no raw line break: the record was cut short
            emit(sink, "a line break inside a string (the record is cut short)");
        return;
    }
    if(c == '"')
        in_string_ = true;
    else if(c == '{' || c == '[')
        ++depth_;
    else if((c == '}' || c == ']') && --depth_ == 0)
        emit(sink);
}

void json_record_reader::feed(std::string_view bytes, record_sink const& sink)
{
    for(char const c : bytes)
    {
        // At the top level (JSONL, concatenated pages) a line that starts with "{" starts a record:
        // one left open above it was cut short, and must not swallow the rest of the file.
        if(c == '{' && column_ == 0 && in_record_ && ! in_string_ && frames_.empty() && ! deep_)
            emit(sink, "not closed before line " + std::to_string(line_));
        if(in_record_)
            inside(c, sink);
        else
            outside(c, sink);
        if(c == '\n')
            ++line_, column_ = 0;
        else
            ++column_;
    }
}

void json_record_reader::finish(record_sink const& sink)
{
    if(in_record_)
        emit(sink, "the file ends inside this record");
}

void csv_record_reader::end_line(record_sink const& sink)
{
    if(! record_.empty() && record_ != "\r")
        sink(archive_record{std::move(record_), record_line_, index_++, overlong_ ? overlong : ""});
    record_.clear();
    overlong_ = false;
}

void csv_record_reader::feed(std::string_view bytes, record_sink const& sink)
{
    for(char const c : bytes)
    {
        if(c == '\n' && ! quoted_)
        {
            end_line(sink);
            record_line_ = ++line_;
            continue;
        }
        if(c == '\n')
            ++line_;
        else if(c == '"')
            quoted_ = ! quoted_;  // "" inside quotes toggles twice
        if(overlong_)
            continue;
        record_ += c;
        if(record_.size() > max_record_bytes)
        {
            overlong_ = true;
            record_ = "overlong";  // not empty, so that the record is still reported
        }
    }
}

void csv_record_reader::finish(record_sink const& sink)
{
    if(quoted_ && ! record_.empty())
    {
        sink(archive_record{std::move(record_), record_line_, index_++, "a quoted field is still open at the end of the file"});
        record_.clear();
        return;
    }
    end_line(sink);
}

void line_record_reader::feed(std::string_view bytes, record_sink const& sink)
{
    for(char const c : bytes)
    {
        if(c != '\n')
        {
            if(! overlong_)
                record_ += c;
            if(record_.size() > max_record_bytes)
                overlong_ = true, record_ = "overlong";
            continue;
        }
        finish(sink);
        ++line_;
    }
}

void line_record_reader::finish(record_sink const& sink)
{
    if(! record_.empty() && record_.back() == '\r')
        record_.pop_back();
    if(record_.find_first_not_of(" \t") != std::string::npos)
        sink(archive_record{std::move(record_), line_, index_++, overlong_ ? overlong : ""});
    record_.clear();
    overlong_ = false;
}

}  // namespace baro::channels
