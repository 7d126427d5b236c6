#include "app/cli.hpp"

#include "app/commands.hpp"
#include "core/log.hpp"

#include <cstdio>
#include <iostream>
#include <set>

namespace baro::app {

namespace {
// Options that take no value.
std::set<std::string> const flags{"help", "force", "reset", "reset-totp", "without-contributions", "dry-run",
                                  "stats", "all", "raw"};
}  // namespace

result<command_line> parse_command_line(std::vector<std::string> const& args)
{
    command_line cl;
    for(std::size_t i = 0; i < args.size(); ++i)
    {
        auto const& a = args[i];
        if(a == "-h" || a == "--help" || a == "help")
        {
            cl.help = true;
            continue;
        }
        if(a.rfind("--", 0) == 0)
        {
            auto name = a.substr(2);
            std::string value;
            if(auto eq = name.find('='); eq != std::string::npos)
            {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            else if(! flags.count(name))
            {
                if(i + 1 >= args.size())
                    return fail(errc::bad_request, "--" + name + " needs a value");
                value = args[++i];
            }
            if(name == "config")
                cl.config_file = value;
            else
                cl.options[name] = value;
            continue;
        }
        cl.words.push_back(a);
    }
    return cl;
}

std::string help_text(std::vector<std::string> const& words)
{
    std::string const w = words.empty() ? "" : words[0] + (words.size() > 1 ? " " + words[1] : "");
    if(w == "serve")
        return "baro serve\n  Runs the HTTP server on BARO_LISTEN (default 127.0.0.1:8080) until SIGINT/SIGTERM,\n"
               "  then finishes requests in flight and exits 0.\n";
    if(w == "migrate")
        return "baro migrate\n  Applies the SQL migrations not yet applied (each in one transaction). Safe to repeat.\n";
    if(w == "user" || w == "user add")
        return "baro user add --email E --role admin|moderator|analyst\n"
               "baro user add --email E --reset [--reset-totp] [--role R]\n"
               "  Creates an account and prints a one-time password, to be changed at the first login.\n"
               "  --reset issues a new one to an existing account (e-mail in any case), ends its sessions\n"
               "  and prints its stored role; --reset-totp also removes its second factor. A reset never\n"
               "  changes the role: a --role that differs from the stored one is refused.\n";
    if(w == "consultation" || w == "consultation create" || w == "consultation list")
        return "baro consultation create --slug S --title TITLE [--title-bm T] [--title-en T] [--keyword KW]\n"
               "baro consultation list\n";
    if(w == "reindex")
        return "baro reindex [--consultation SLUG]\n"
               "  Recomputes display text, search key, language, script and suggested themes of stored\n"
               "  contributions from their raw text, after the text rules or a theme lexicon changed.\n"
               "  Runs beside a live server; each batch of 1000 rows is one transaction.\n";
    if(w == "audit" || w == "audit verify")
        return "baro audit verify\n  Checks the audit log's hash chain entry by entry; prints the entry count and head hash\n"
               "  (exit 0), or the first broken entry and why (exit 1).\n";
    if(w == "export")
        return "baro export SLUG --format csv|jsonl [--output FILE] [--lang fr|bm|en]\n"
               "baro export SLUG --all --format csv|xlsx [--raw] --output FILE [--lang fr|bm|en]\n"
               "  Writes every published, redacted contribution (docs/open-data.md), streamed from the database.\n"
               "  --all: the analysts' full export, every contribution in every state with its moderation\n"
               "  (docs/open-data.md, \"The full export\"); the text redacted unless --raw. Each run is an\n"
               "  audit entry (actor cli:USER). XLSX needs --output; CSV goes to standard output without it.\n";
    if(w == "import")
        return "baro import SLUG FILE --format x-archive|facebook-comments|csv|jsonl [--dry-run] [--stats]\n"
               "  Loads a social media archive's public posts into the consultation SLUG, streamed (constant\n"
               "  memory), in batches of 2000 rows; a post already stored is not added again. Malformed records\n"
               "  are named by line on stderr and skipped. --dry-run reads and counts without writing; --stats\n"
               "  prints the peak memory. Exit 0: all read; 3: some records skipped; 1: file or database\n"
               "  failed (run it again: nothing is added twice). Formats: docs/channels.md.\n";
    if(w == "replies" || w == "replies set" || w == "replies show")
        return "baro replies set SLUG CHANNEL [--acknowledgements on|off] [--budget N] [--text-fr T] [--text-bm T] [--text-en T]\n"
               "baro replies show SLUG CHANNEL\n"
               "  What citizens of consultation SLUG who write on CHANNEL (sms, whatsapp, messenger, telegram) get\n"
               "  back: the acknowledgement on or off (default on), the SMS a day it may spend (default 1000; a\n"
               "  STOP confirmation is always sent), and its text per language (default: client-web/i18n's\n"
               "  reply.thanks; an empty text restores it). Options not given keep their value (docs/channels.md).\n";
    if(w == "report")
        return "baro report SLUG --output FILE.html [--lang fr|bm|en]\n"
               "  Writes the printable report of a consultation (the page /c/SLUG/rapport) as one\n"
               "  self-contained HTML file: inline CSS and SVG, nothing fetched.\n";
    if(w == "seed-demo")
        return "baro seed-demo [--without-contributions]\n"
               "  Creates or updates the demo consultation `matransition` with its themes (fr, bm, en), and\n"
               "  adds demo contributions for moderators to triage (once, however often it runs).\n";
    return "baro — citizen consultation platform\n\n"
           "usage: baro [--config FILE] COMMAND [options]\n\n"
           "commands:\n"
           "  serve                   run the HTTP server\n"
           "  migrate                 apply database migrations\n"
           "  user add                create a moderator account\n"
           "  consultation create     create a consultation\n"
           "  consultation list       list consultations\n"
           "  seed-demo               create the demo consultation\n"
           "  import                  load a social media archive into a consultation\n"
           "  export                  write a consultation's open data file\n"
           "  reindex                 recompute the text columns of stored contributions\n"
           "  audit verify            check the audit log's hash chain\n"
           "  replies set|show        what citizens get back, per consultation and channel\n\n"
           "configuration (environment first, then the --config JSON file):\n"
           "  BARO_DATABASE_URL   libpq URI, e.g. postgresql://baro@127.0.0.1:5433/baro (required)\n"
           "  BARO_READ_DATABASE_URL  public reads from this libpq URI (a synchronous standby)\n"
           "  BARO_LISTEN         host:port (default 127.0.0.1:8080)\n"
           "  BARO_PUBLIC_URL     the URL gateways and browsers see\n"
           "  BARO_SECRETS_FILE   JSON secrets (pepper, gateway tokens)\n"
           "  BARO_THREADS        Asio threads (default: one per core)\n"
           "  BARO_WITHDRAWAL_KEYWORDS  extra words that erase a sender's messages, comma-separated\n"
           "  BARO_TRUSTED_PROXIES      reverse proxies whose X-Forwarded-For names the client\n"
           "                            (addresses or CIDR blocks, comma-separated)\n\n"
           "`baro COMMAND --help` tells more.\n";
}

int run_cli(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    auto cl = parse_command_line(args);
    if(! cl)
    {
        std::cerr << "baro: " << cl.err().message << "\n" << help_text({});
        return 2;
    }
    if(cl->help || cl->words.empty())
    {
        std::cout << help_text(cl->words);
        return cl->words.empty() && ! cl->help ? 2 : 0;
    }
    return run_command(*cl);
}

}  // namespace baro::app
