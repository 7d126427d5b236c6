#include "http/citizen_pages.hpp"

#include "core/demographics.hpp"
#include "core/embedded.hpp"
#include "http/template.hpp"
#include "ingest/regions.hpp"

namespace baro::http {

namespace {
std::string_view asset(std::string_view path)
{
    auto const* f = embedded::find(embedded::web_assets(), path);
    return f ? f->content : std::string_view{};
}

template_values values_for(messages const& m, std::string_view lang)
{
    template_values v;
    for(auto& [k, text] : m.all(lang))
        v[k] = text;
    v["lang"] = std::string(lang);
    return v;
}

std::string region_label(messages const& m, std::string_view lang, ingest::region const& r)
{
    if(r.slug == "bamako" || r.slug == "diaspora")
        return m.get(lang, "region." + std::string(r.slug));
    return std::string(r.name);
}
// One optional question as radio buttons, "prefer not to say" last; nothing is checked until the
// citizen chooses (an unanswered question stores nothing).
template<std::size_t N>
std::string radio_group(messages const& m, std::string_view lang, std::string const& name, std::string_view const (&answers)[N],
                        std::string const& chosen)
{
    std::string out = "<fieldset class=\"field choice\"><legend>" + html_escape(m.get(lang, "form." + name + "_label")) + "</legend>\n";
    for(auto a : answers)
    {
        auto const id = name + "-" + std::string(a);
        out += "<label for=\"" + id + "\"><input type=\"radio\" id=\"" + id + "\" name=\"" + name + "\" value=\"" +
               std::string(a) + "\"" + (a == chosen ? " checked" : "") + "> " +
               html_escape(m.get(lang, "demographic." + name + "." + std::string(a))) + "</label>\n";
    }
    return out + "</fieldset>\n";
}

// The region question, with the region already chosen selected.
std::string region_field(messages const& m, std::string_view lang, form_state const& f)
{
    bool const invalid = ! f.region_error.empty();
    std::string out = std::string("<div class=\"field") + (invalid ? " invalid" : "") + "\">\n<label for=\"region\">" +
                      html_escape(m.get(lang, "form.region_label")) + "</label>\n";
    if(invalid)
        out += "<p class=\"error\" role=\"alert\">" + html_escape(f.region_error) + "</p>\n";
    out += "<select id=\"region\" name=\"region\">\n<option value=\"\">" + html_escape(m.get(lang, "form.region_none")) +
           "</option>\n";
    for(auto const& r : ingest::regions)
    {
        out += "<option value=\"" + std::string(r.slug) + "\"";
        if(r.slug == f.region)
            out += " selected";
        out += ">" + html_escape(region_label(m, lang, r)) + "</option>\n";
    }
    return out + "</select>\n</div>\n";
}

// The optional questions a consultation asks, after their consent text; nothing when it asks none.
std::string demographic_fields(messages const& m, std::string_view lang, demographic_questions const& q, form_state const& f)
{
    if(! q.any())
        return {};
    std::string out = "<section class=\"demographics\" aria-labelledby=\"demographics-heading\">\n<h3 id=\"demographics-heading\">" +
                      html_escape(m.get(lang, "form.demographics_heading")) + "</h3>\n<p class=\"hint consent\">" +
                      html_escape(m.get(lang, "form.demographics_consent")) + "</p>\n";
    if(! f.demographic_error.empty())
        out += "<p class=\"error\" role=\"alert\">" + html_escape(f.demographic_error) + "</p>\n";
    if(q.gender)
        out += radio_group(m, lang, "gender", gender_answers, f.gender);
    if(q.age_band)
        out += radio_group(m, lang, "age_band", age_band_answers, f.age_band);
    return out + "</section>\n";
}
}  // namespace

std::string localized(nlohmann::json const& labels, std::string_view lang)
{
    for(auto l : {lang, std::string_view("fr"), std::string_view("en")})
        if(labels.is_object() && labels.contains(std::string(l)) && labels.at(std::string(l)).is_string())
            return labels.at(std::string(l)).get<std::string>();
    return {};
}

std::string citizen_page(messages const& m, std::string_view lang, std::string_view title, std::string_view path,
                         std::string const& content)
{
    std::string links;
    for(auto l : languages)
    {
        links += "<a href=\"" + html_escape(path) + "?lang=" + std::string(l) + "\" lang=\"" + std::string(l) + "\"";
        if(l == lang)
            links += " aria-current=\"true\"";
        links += ">" + html_escape(m.get(l, "lang.name")) + "</a>";
    }
    auto v = values_for(m, lang);
    v["title"] = std::string(title);
    v["lang_links"] = links;
    v["content"] = content;
    v["tagline"] = m.get(lang, "site.tagline");
    return render_template(asset("citizen/layout.html"), v);
}

std::string form_page(messages const& m, std::string_view lang, store::consultation_info const& c, form_state const& f)
{
    auto v = values_for(m, lang);
    v["slug"] = c.slug;
    v["consultation_title"] = localized(c.title, lang);
    auto const description = localized(c.description, lang);
    v["description"] = description.empty() ? "" : "<p class=\"intro\">" + html_escape(description) + "</p>";
    v["nonce"] = f.nonce;
    v["text"] = f.text;
    if(! f.text_error.empty())
    {
        v["text_error_class"] = " invalid";
        v["text_error"] = "<p class=\"error\" id=\"text-error\" role=\"alert\">" + html_escape(f.text_error) + "</p>";
        v["text_error_ref"] = " text-error";
    }
    if(! f.summary_error.empty())
        v["error_summary"] = "<div class=\"summary\" role=\"alert\"><p><strong>" + html_escape(m.get(lang, "error.heading")) +
                             "</strong></p><p>" + html_escape(f.summary_error) + "</p></div>";
    v["region"] = c.ask_region ? region_field(m, lang, f) : "";
    v["demographics"] = demographic_fields(m, lang, c.demographics, f);
    auto const body = render_template(asset("citizen/form.html"), v);
    return citizen_page(m, lang, localized(c.title, lang), "/c/" + c.slug, body);
}

std::string thanks_page(messages const& m, std::string_view lang, store::consultation_info const& c)
{
    auto v = values_for(m, lang);
    v["slug"] = c.slug;
    return citizen_page(m, lang, m.get(lang, "thanks.title"), "/c/" + c.slug + "/merci",
                        render_template(asset("citizen/thanks.html"), v));
}

std::string closed_page(messages const& m, std::string_view lang, store::consultation_info const& c)
{
    bool const upcoming = c.phase() == moderation::phase::upcoming;
    auto const results = "/c/" + c.slug + "/resultats?lang=" + std::string(lang);
    std::string body = "<h1>" + html_escape(localized(c.title, lang)) + "</h1><p class=\"closed\" role=\"status\">" +
                       html_escape(m.get(lang, upcoming ? "closed.upcoming" : "form.closed")) + "</p><p>" +
                       html_escape(m.get(lang, "closed.thanks")) + "</p><p><a href=\"" + html_escape(results) + "\">" +
                       html_escape(m.get(lang, "closed.results")) + "</a></p>";
    return citizen_page(m, lang, localized(c.title, lang), "/c/" + c.slug, body);
}

std::string message_page(messages const& m, std::string_view lang, std::string_view heading, std::string_view message)
{
    template_values v{{"heading", std::string(heading)}, {"message", std::string(message)}};
    return citizen_page(m, lang, heading, "/", render_template(asset("citizen/message.html"), v));
}

}  // namespace baro::http
