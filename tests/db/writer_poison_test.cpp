// Issue 16, item 1 and 12: a row the database refuses fails alone, and the log does not quote it.
#include "test_database.hpp"

#include "core/crypto.hpp"
#include "store/contribution_writer.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <condition_variable>
#include <future>
#include <map>
#include <cstdio>
#include <mutex>
#include <unistd.h>

using namespace baro;

namespace {

store::contribution_row row(std::optional<std::int64_t> consultation, std::string external_id, std::string text)
{
    store::contribution_row r;
    r.consultation_id = consultation;
    r.channel = "sms";
    r.external_id = std::move(external_id);
    r.sender_key = crypto::random_hex(32);
    r.raw = text;
    r.display_text = std::move(text);
    return r;
}

// Results of many submissions, waited for together.
struct outcomes
{
    std::mutex mutex;
    std::condition_variable cv;
    std::map<std::string, result<store::insert_outcome>> by_id;

    store::contribution_writer::callback slot(std::string id)
    {
        return [this, id](result<store::insert_outcome> r) {
            std::lock_guard lock(mutex);
            by_id.emplace(id, std::move(r));
            cv.notify_all();
        };
    }
    void wait_for(std::size_t n)
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return by_id.size() == n; });
    }
};

// Holds SHARE on `contribution` (inserts wait) until release(): rows submitted meanwhile queue up
// and go to the database together, in one batch, whatever the machine's speed.
struct insert_gate
{
    pqxx::connection conn{testing::database_url()};
    pqxx::work tx{conn};
    insert_gate() { tx.exec("lock table contribution in share mode"); }
    void release() { tx.commit(); }
};

// Everything written to stderr (the log) while alive.
class stderr_capture
{
public:
    stderr_capture() : file_(std::tmpfile()), saved_(::dup(STDERR_FILENO))
    {
        std::fflush(stderr);
        ::dup2(::fileno(file_), STDERR_FILENO);
    }
    ~stderr_capture() { restore(); }
    std::string restore()
    {
        if(saved_ < 0)
            return text_;
        std::fflush(stderr);
        ::dup2(saved_, STDERR_FILENO);
        ::close(saved_);
        saved_ = -1;
        std::rewind(file_);
        char buf[4096];
        for(std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;)
            text_.append(buf, n);
        std::fclose(file_);
        return text_;
    }

private:
    std::FILE* file_;
    int saved_;
    std::string text_;
};

}  // namespace

TEST_CASE("a batch with rows the database refuses stores and acknowledges every other row", "[db][store][regression]")
{
    auto const c = testing::new_consultation();
    auto const tag = crypto::random_hex(4);
    store::contribution_writer w(testing::database_url(), 256, 20000, 1);
    outcomes got;
    std::vector<std::string> good;
    std::string const nul_id = "poison-nul-" + tag, orphan_id = "poison-fk-" + tag;
    {
        insert_gate gate;
        for(int i = 0; i < 60; ++i)
        {
            if(i == 23)  // U+0000 ends its column's array literal early (libpq strings): SQLSTATE 22P02
                w.submit(row(c, nul_id, std::string("avant\0après", 12)), got.slot(nul_id));
            if(i == 41)  // a consultation that does not exist (deleted meanwhile): SQLSTATE 23503
                w.submit(row(-1, orphan_id, "Nul ne sait où aller."), got.slot(orphan_id));
            auto id = "good-" + tag + "-" + std::to_string(i);
            w.submit(row(c, id, "Avis numéro " + std::to_string(i)), got.slot(id));
            good.push_back(std::move(id));
        }
        gate.release();
    }
    got.wait_for(good.size() + 2);

    for(auto const& id : good)
    {
        INFO(id);
        REQUIRE(got.by_id.at(id).ok());
        CHECK_FALSE(got.by_id.at(id)->duplicate);
    }
    for(auto const& id : {nul_id, orphan_id})
    {
        INFO(id);
        REQUIRE_FALSE(got.by_id.at(id).ok());
        CHECK(got.by_id.at(id).err().code == errc::unprocessable);
    }
    CHECK(testing::scalar("select count(*) from contribution where external_id like 'good-" + tag + "-%'") == "60");
    CHECK(testing::scalar("select count(*) from contribution where external_id like 'poison-%-" + tag + "'") == "0");
}

TEST_CASE("a refused batch is logged with its SQLSTATE and step, never with a citizen's text or pseudonym",
          "[db][store][regression]")
{
    auto const c = testing::new_consultation();
    auto r = row(c, "log-" + crypto::random_hex(4), std::string("secretopinion\0", 14));
    auto const pseudonym = r.sender_key;
    stderr_capture capture;
    std::string log;
    {
        store::contribution_writer w(testing::database_url(), 256, 20000, 1);
        std::promise<result<store::insert_outcome>> done;
        w.submit(std::move(r), [&](result<store::insert_outcome> o) { done.set_value(std::move(o)); });
        auto const outcome = done.get_future().get();
        w.stop();
        log = capture.restore();
        REQUIRE_FALSE(outcome.ok());
    }
    INFO(log);
    CHECK(log.find("write batch") != std::string::npos);
    // The batch's columns travel as array literals (issue 17): a NUL ends one early, 22P02 (it was 22P05
    // with JSON). Either way a data exception (class 22), refused for this row alone.
    CHECK(log.find("data refused, SQLSTATE 22P02") != std::string::npos);
    CHECK(log.find("secretopinion") == std::string::npos);
    CHECK(log.find(pseudonym) == std::string::npos);
    CHECK(log.find(pseudonym.substr(0, 6)) == std::string::npos);
    CHECK(log.find("JSON") == std::string::npos);
}
