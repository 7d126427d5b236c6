// SSE subscribers for the fan-out benchmark, in one epoll loop: the measuring instrument should cost
// the shared 2 cores as little as it can (a Node worker spends ~10 µs of JavaScript per socket
// and event on top of the kernel's read). tests/bench/sse_load.mjs spawns it with
// `--client native` and speaks to it over stdin/stdout, one line each way:
//
//   sse_client PORT PATH COUNT
//   stdout: {"type":"status","connected":N,"failed":N,"closed":N,"errors":{…}}   every 250 ms
//   stdin:  collect ID,ID,…   ->  stdout: {"type":"times","times":{"ID":[ms,…]},…}  (0 = not received)
//   stdin:  exit
//
// A subscriber counts as connected when its response head starts with "HTTP/1.1 200". For every
// `contribution` event it stamps the wall-clock time (CLOCK_REALTIME, the clock of PostgreSQL's
// clock_timestamp()) of the read that completed the frame, once per subscriber and contribution id.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

struct subscriber
{
    int fd = -1;
    bool connecting = true;
    bool head = false;
    bool done = false;  // closed or failed
    std::string tail;   // a frame cut by the end of a read
};

double wall_ms()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

int count = 0;
std::vector<subscriber> subs;
std::unordered_map<long, std::vector<double>> seen;  // contribution id -> arrival per subscriber
int connected = 0, failed = 0, closed = 0, opened = 0;
std::map<std::string, int> errors;

void note_error(int err)
{
    ++errors[err == ECONNREFUSED ? "ECONNREFUSED" : err == ECONNRESET ? "ECONNRESET" : std::to_string(err)];
}

void finish(int epfd, int idx)
{
    auto& s = subs[static_cast<std::size_t>(idx)];
    if(s.done)
        return;
    s.done = true;
    epoll_ctl(epfd, EPOLL_CTL_DEL, s.fd, nullptr);
    close(s.fd);
    ++closed;
    if(! s.head)
        ++failed;
}

// Stamps every complete `contribution` frame in `text`; returns where the unfinished rest begins.
std::size_t scan(std::string_view text, int idx, double t)
{
    static constexpr std::string_view marker = "event: contribution\ndata: ";
    std::size_t end = text.rfind("\n\n");
    if(end == std::string_view::npos)
        return 0;
    std::string_view complete = text.substr(0, end + 2);
    for(std::size_t at = complete.find(marker); at != std::string_view::npos; at = complete.find(marker, at + 1))
    {
        auto const line_end = complete.find('\n', at + marker.size());
        auto const key = complete.find("\"id\":", at + marker.size());
        if(key == std::string_view::npos || key > line_end)
            continue;
        long id = std::strtol(complete.data() + key + 5, nullptr, 10);
        auto& a = seen[id];
        if(a.empty())
            a.assign(static_cast<std::size_t>(count), 0.0);
        if(a[static_cast<std::size_t>(idx)] == 0.0)
            a[static_cast<std::size_t>(idx)] = t;
    }
    return end + 2;
}

void on_readable(int epfd, int idx)
{
    static char buf[1 << 16];
    auto& s = subs[static_cast<std::size_t>(idx)];
    for(;;)
    {
        ssize_t n = recv(s.fd, buf, sizeof buf, 0);
        if(n == 0)
            return finish(epfd, idx);
        if(n < 0)
        {
            if(errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            if(errno == EINTR)
                continue;
            note_error(errno);
            return finish(epfd, idx);
        }
        double const t = wall_ms();
        std::string_view text(buf, static_cast<std::size_t>(n));
        if(! s.tail.empty())
        {
            s.tail.append(buf, static_cast<std::size_t>(n));
            text = s.tail;
        }
        if(! s.head)
        {
            auto const head_end = text.find("\r\n\r\n");
            if(head_end == std::string_view::npos)
            {
                if(s.tail.empty())
                    s.tail.assign(text);
                continue;
            }
            if(text.substr(0, 12) != "HTTP/1.1 200")
                return finish(epfd, idx);
            s.head = true;
            ++connected;
            text.remove_prefix(head_end + 4);
        }
        auto const used = scan(text, idx, t);
        std::string rest(text.substr(used));
        if(rest.size() > 65536)
            rest.erase(0, rest.size() - 4096);
        s.tail = std::move(rest);
        if(static_cast<std::size_t>(n) < sizeof buf)
            return;
    }
}

void open_one(int epfd, int port)
{
    int const idx = opened++;
    auto& s = subs[static_cast<std::size_t>(idx)];
    s.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if(s.fd < 0)
    {
        note_error(errno);
        s.done = true;
        ++failed;
        ++closed;
        return;
    }
    int one = 1;
    setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int const rc = connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if(rc < 0 && errno != EINPROGRESS)
    {
        note_error(errno);
        s.done = true;
        close(s.fd);
        ++failed;
        ++closed;
        return;
    }
    epoll_event ev{};
    ev.events = EPOLLOUT | EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(idx);
    epoll_ctl(epfd, EPOLL_CTL_ADD, s.fd, &ev);
}

void on_writable(int epfd, int idx, std::string const& request)
{
    auto& s = subs[static_cast<std::size_t>(idx)];
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if(err != 0)
    {
        note_error(err);
        return finish(epfd, idx);
    }
    s.connecting = false;
    if(send(s.fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
    {
        note_error(errno);
        return finish(epfd, idx);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(idx);
    epoll_ctl(epfd, EPOLL_CTL_MOD, s.fd, &ev);
}

std::string errors_json()
{
    std::string out = "{";
    for(auto const& [k, v] : errors)
        out += (out.size() > 1 ? ",\"" : "\"") + k + "\":" + std::to_string(v);
    return out + "}";
}

std::string counts_json()
{
    return "\"connected\":" + std::to_string(connected) + ",\"failed\":" + std::to_string(failed) +
           ",\"closed\":" + std::to_string(closed) + ",\"errors\":" + errors_json();
}

void collect(std::string_view ids)
{
    std::string out = "{\"type\":\"times\",\"times\":{";
    bool first_id = true;
    while(! ids.empty())
    {
        auto const comma = ids.find(',');
        std::string id(ids.substr(0, comma));
        ids = comma == std::string_view::npos ? std::string_view{} : ids.substr(comma + 1);
        if(id.empty())
            continue;
        out += (first_id ? "\"" : ",\"") + id + "\":[";
        first_id = false;
        auto it = seen.find(std::strtol(id.c_str(), nullptr, 10));
        char num[32];
        for(int i = 0; i < count; ++i)
        {
            double const t = it == seen.end() ? 0.0 : it->second[static_cast<std::size_t>(i)];
            std::snprintf(num, sizeof num, i ? ",%.3f" : "%.3f", t);
            out += num;
        }
        out += "]";
    }
    out += "}," + counts_json() + "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv)
{
    if(argc != 4)
    {
        std::fprintf(stderr, "usage: sse_client PORT PATH COUNT\n");
        return 2;
    }
    int const port = std::atoi(argv[1]);
    std::string const path = argv[2];
    count = std::atoi(argv[3]);
    std::string const request =
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nAccept: text/event-stream\r\n\r\n";
    subs.resize(static_cast<std::size_t>(count));
    // On one machine the server's send runs the receiver's TCP path and wakes this process; as a
    // normal task it would then preempt the server after nearly every send (a context switch per
    // subscriber that a client on another machine does not cause). SCHED_BATCH: woken, it waits for
    // the running task's turn to end instead. It still reads every event; the stamps are upper bounds.
    if(std::getenv("SSE_CLIENT_NORMAL") == nullptr)
    {
        sched_param batch{};
        if(sched_setscheduler(0, SCHED_BATCH, &batch) != 0)
            std::perror("sse_client: SCHED_BATCH");
    }
    int const epfd = epoll_create1(EPOLL_CLOEXEC);
    constexpr std::uint32_t stdin_tag = 0xffffffffu;
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = stdin_tag;
    epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &ev);

    std::string input;
    double next_burst = 0, next_status = 0;
    std::vector<epoll_event> events(4096);
    for(;;)
    {
        double const now = wall_ms();
        if(opened < count && now >= next_burst)
        {
            for(int i = 0; i < 100 && opened < count; ++i)
                open_one(epfd, port);
            next_burst = now + 5;
        }
        if(now >= next_status)
        {
            std::printf("{\"type\":\"status\",%s}\n", counts_json().c_str());
            std::fflush(stdout);
            next_status = now + 250;
        }
        int const n = epoll_wait(epfd, events.data(), static_cast<int>(events.size()), opened < count ? 5 : 50);
        for(int i = 0; i < n; ++i)
        {
            auto const tag = events[static_cast<std::size_t>(i)].data.u32;
            auto const what = events[static_cast<std::size_t>(i)].events;
            if(tag == stdin_tag)
            {
                char line[1 << 16];
                ssize_t got;
                while((got = read(0, line, sizeof line)) > 0)
                    input.append(line, static_cast<std::size_t>(got));
                if(got == 0 && input.empty())
                    return 0;  // the coordinator went away
                for(auto nl = input.find('\n'); nl != std::string::npos; nl = input.find('\n'))
                {
                    std::string cmd = input.substr(0, nl);
                    input.erase(0, nl + 1);
                    if(cmd.rfind("collect ", 0) == 0)
                        collect(std::string_view(cmd).substr(8));
                    else if(cmd == "exit")
                        return 0;
                }
                continue;
            }
            auto const idx = static_cast<int>(tag);
            auto& s = subs[static_cast<std::size_t>(idx)];
            if(s.done)
                continue;
            if(s.connecting && (what & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
                on_writable(epfd, idx, request);
            else if(what & (EPOLLIN | EPOLLERR | EPOLLHUP))
                on_readable(epfd, idx);
        }
    }
}
