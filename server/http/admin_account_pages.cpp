#include "http/admin_account_pages.hpp"

#include "core/markup.hpp"
#include "moderation/rules/roles.hpp"

namespace baro::http {

namespace {

using moderation::role;

struct page_text
{
    messages const& m;
    std::string_view lang;
    std::string operator()(std::string const& key) const { return html_escape(m.get(lang, key)); }
};

std::string hidden(char const* name, std::string const& value)
{
    return "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + html_escape(value) + "\">";
}

// One small form posting to /mod/admin/accounts/{id}/{action}.
std::string action_form(std::string_view lang, std::int64_t id, std::string_view action, std::string const& csrf,
                        std::int64_t version, std::string const& inner)
{
    return "<form method=\"post\" class=\"inline\" action=\"/mod/admin/accounts/" + std::to_string(id) + "/" +
           std::string(action) + "?lang=" + html_escape(lang) + "\" accept-charset=\"utf-8\">" + hidden("csrf", csrf) +
           hidden("version", std::to_string(version)) + inner + "</form>";
}

std::string role_options(page_text const& t, std::string const& current)
{
    std::string out;
    for(auto r : {role::moderator, role::analyst, role::admin})
    {
        auto const name = std::string(moderation::to_string(r));
        out += "<option value=\"" + name + "\"" + (name == current ? " selected" : "") + ">" + t("mod.role." + name) +
               "</option>";
    }
    return out;
}

std::string account_row(page_text const& t, std::string_view lang, nlohmann::json const& a, std::string const& csrf,
                        std::int64_t self_id)
{
    auto const id = a.at("id").get<std::int64_t>();
    auto const version = a.at("version").get<std::int64_t>();
    auto const ids = std::to_string(id);
    auto const state = a.at("state").get<std::string>();
    auto const last = a.at("last_login_at").is_string() ? html_escape(a.at("last_login_at").get<std::string>())
                                                        : t("mod.accounts.never");
    std::string actions =
        action_form(lang, id, "role", csrf, version,
                    "<label for=\"role-" + ids + "\" class=\"visually-hidden\">" + t("mod.accounts.role") + "</label>" +
                        "<select id=\"role-" + ids + "\" name=\"role\">" +
                        role_options(t, a.at("role").get<std::string>()) + "</select> <button type=\"submit\">" +
                        t("mod.accounts.change_role") + "</button>");
    if(state == "disabled")
        actions += action_form(lang, id, "enable", csrf, version, "<button type=\"submit\">" + t("mod.accounts.enable") + "</button>");
    else if(id != self_id)
        actions += action_form(lang, id, "disable", csrf, version, "<button type=\"submit\">" + t("mod.accounts.disable") + "</button>");
    actions += action_form(lang, id, "totp-reset", csrf, version, "<button type=\"submit\">" + t("mod.accounts.totp_reset") + "</button>");
    actions += action_form(lang, id, "sign-out", csrf, version, "<button type=\"submit\">" + t("mod.accounts.sign_out") + "</button>");
    return "<tr id=\"account-" + ids + "\"><th scope=\"row\">" + html_escape(a.at("email").get<std::string>()) + "</th><td>" +
           t("mod.role." + a.at("role").get<std::string>()) + "</td><td class=\"state-" + html_escape(state) + "\">" +
           t("mod.accounts.state." + state) + "</td><td>" +
           t(a.at("totp").get<bool>() ? "mod.accounts.yes" : "mod.accounts.no") + "</td><td>" + last +
           "</td><td class=\"actions\">" + actions + "</td></tr>";
}

std::string notice_block(page_text const& t, accounts_notice const& n)
{
    std::string out;
    if(! n.error_key.empty())
        out += "<p class=\"error\" role=\"alert\">" + t(n.error_key) + "</p>";
    if(! n.done_key.empty())
        out += "<p class=\"done\" role=\"status\">" + t(n.done_key) + "</p>";
    if(! n.one_time_password.empty())
        out += "<div class=\"invited\" role=\"status\"><p>" + t("mod.accounts.invited") + "</p><p><strong>" +
               html_escape(n.invited_email) + "</strong> · <code id=\"one-time-password\">" +
               html_escape(n.one_time_password) + "</code></p><p>" + t("mod.accounts.invited_next") + "</p></div>";
    return out;
}

}  // namespace

std::string accounts_page(messages const& m, std::string_view lang, nlohmann::json const& list, std::string const& csrf,
                          std::int64_t self_id, accounts_notice const& notice)
{
    page_text const t{m, lang};
    auto const l = html_escape(lang);
    std::string rows;
    for(auto const& a : list.at("accounts"))
        rows += account_row(t, lang, a, csrf, self_id);
    std::string const langs = "<nav class=\"langs\" aria-label=\"Langue · Kan · Language\"><a href=\"/mod/admin/accounts?lang=fr\" "
                              "lang=\"fr\">FR</a> <a href=\"/mod/admin/accounts?lang=bm\" lang=\"bm\">BM</a> <a "
                              "href=\"/mod/admin/accounts?lang=en\" lang=\"en\">EN</a></nav>";
    return "<!doctype html>\n<html lang=\"" + l +
           "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>" + t("mod.accounts.title") + " · baro</title>\n<link rel=\"stylesheet\" href=\"/static/mod/console.css\">\n"
           "</head>\n<body class=\"admin\">\n<header class=\"bar\"><strong>baro</strong> <a href=\"/mod?lang=" + l + "\">" +
           t("mod.accounts.back") + "</a>" + langs + "</header>\n<main>\n<h1>" + t("mod.accounts.title") + "</h1>\n" +
           notice_block(t, notice) + "<section aria-labelledby=\"invite-title\"><h2 id=\"invite-title\">" +
           t("mod.accounts.invite") + "</h2><p>" + t("mod.accounts.invite_intro") +
           "</p><form method=\"post\" action=\"/mod/admin/accounts?lang=" + l + "\" accept-charset=\"utf-8\" id=\"invite\">" +
           hidden("csrf", csrf) + "<label for=\"invite-email\">" + t("mod.login.email") +
           "</label> <input id=\"invite-email\" name=\"email\" type=\"email\" required> <label for=\"invite-role\">" +
           t("mod.accounts.role") + "</label> <select id=\"invite-role\" name=\"role\">" + role_options(t, "moderator") +
           "</select> <button type=\"submit\">" + t("mod.accounts.invite_submit") + "</button></form></section>\n" +
           "<section aria-labelledby=\"list-title\"><h2 id=\"list-title\">" + t("mod.accounts.list") +
           "</h2><table class=\"accounts\"><thead><tr><th scope=\"col\">" + t("mod.login.email") + "</th><th scope=\"col\">" +
           t("mod.accounts.role") + "</th><th scope=\"col\">" + t("mod.accounts.state") + "</th><th scope=\"col\">" +
           t("mod.accounts.totp") + "</th><th scope=\"col\">" + t("mod.accounts.last_login") + "</th><th scope=\"col\">" +
           t("mod.accounts.actions") + "</th></tr></thead><tbody>" + rows + "</tbody></table></section>\n</main>\n</body>\n</html>\n";
}

}  // namespace baro::http
