#include "store/channel_state.hpp"

#include "core/crypto.hpp"
#include "store/async.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

std::string const lifetime_sql = "interval '" + std::to_string(std::chrono::seconds(ussd_session_lifetime).count()) + " seconds'";

}  // namespace

void erase_sender(database& db, std::string sender_key, std::string channel, std::string external_id,
                  std::optional<outbox_entry> confirmation, std::function<void(result<erased_sender>)> done)
{
    detail::run<erased_sender>(
        db, "erase sender",
        [key = std::move(sender_key), channel = std::move(channel), external_id = std::move(external_id),
         confirmation = std::move(confirmation)](pqxx::connection_base& conn) {
            pqxx::work tx(conn);
            // Recorded first: a second delivery of the same STOP waits here on the unique index until
            // the first commits, then finds it and erases nothing (not what was sent since).
            auto const recorded =
                tx.exec_params("insert into withdrawal (channel, external_id, erased) values ($1, nullif($2, ''), 0)"
                               " on conflict (channel, external_id) do nothing returning id",
                               channel, external_id);
            erased_sender out;
            if(recorded.empty())
            {
                out.replay = true;
                return out;
            }
            auto const gone =
                tx.exec_params("with gone as (delete from contribution where sender_key = $1 returning language, received_at, id)"
                               " select count(*), coalesce((select language from gone where language in ('fr', 'bm')"
                               "                            order by received_at desc, id desc limit 1), '') from gone",
                               key);
            out.rows = gone[0][0].as<std::int64_t>();
            out.language = gone[0][1].as<std::string>();
            tx.exec_params("update withdrawal set erased = $2 where id = $1", recorded[0][0].as<std::int64_t>(),
                           static_cast<long long>(out.rows));
            if(confirmation)
                tx.exec_params(
                    "insert into outbox (kind, provider, channel, language, route, recipient_sealed, window_from)"
                    " values ('withdrawal', $1, $2, $3, $4, decode($5, 'hex'), coalesce(to_timestamp(nullif($6, 0)), now()))",
                    confirmation->provider, channel, out.language.empty() ? confirmation->language : out.language,
                    confirmation->route, crypto::to_hex(confirmation->sealed), static_cast<long long>(confirmation->window_from));
            tx.commit();
            return out;
        },
        std::move(done));
}

void load_ussd_state(database& db, std::string session_id, std::function<void(result<std::optional<std::string>>)> done)
{
    detail::run<std::optional<std::string>>(
        db, "load ussd state",
        [id = std::move(session_id)](pqxx::connection_base& conn) {
            pqxx::nontransaction tx(conn);
            auto const r = tx.exec_params("select state::text from ussd_session where session_id = $1"
                                          " and updated_at > now() - " +
                                              lifetime_sql,
                                          id);
            return r.empty() ? std::optional<std::string>{} : std::optional<std::string>{r[0][0].as<std::string>()};
        },
        std::move(done));
}

void save_ussd_state(database& db, std::string session_id, std::string state_json, std::function<void(status)> done)
{
    detail::run<ok_t>(
        db, "save ussd state",
        [id = std::move(session_id), state = std::move(state_json)](pqxx::connection_base& conn) {
            pqxx::work tx(conn);
            if(state.empty())
                tx.exec_params("delete from ussd_session where session_id = $1", id);
            else
                tx.exec_params("insert into ussd_session (session_id, state) values ($1, $2::jsonb)"
                               " on conflict (session_id) do update set state = excluded.state, updated_at = now()",
                               id, state);
            tx.exec("delete from ussd_session where updated_at < now() - " + lifetime_sql);
            tx.commit();
            return ok_t{};
        },
        std::move(done));
}

}  // namespace baro::store
