#pragma once
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace baro {

/// Prometheus metrics of one process: request counts and latency by route and status, named
/// counters, and gauges read when scraped. Thread-safe; rendered in the text exposition format.
class metrics
{
public:
    /// Latency histogram bucket bounds, seconds.
    static constexpr std::array<double, 12> buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    /// Records one HTTP request. `route` is the route pattern, never the raw path (bounded labels).
    void observe_request(std::string_view route, std::string_view method, int status, double seconds);

    /// Adds `n` to counter `name` with a preformatted label set such as `channel="sms",outcome="stored"`.
    void count(std::string_view name, std::string_view labels, double n = 1);

    /// Sets gauge `name` with a preformatted label set (e.g. `consultation="matransition"`) to `v`.
    void set(std::string_view name, std::string_view labels, double v);

    /// Registers a gauge sampled at scrape time.
    void gauge(std::string name, std::string help, std::function<double()> read);

    /// The text exposition format (version 0.0.4).
    std::string render() const;

private:
    struct histogram
    {
        std::array<std::uint64_t, buckets.size()> counts{};
        std::uint64_t total = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::string, std::uint64_t> requests_;  // labels → count
    std::map<std::string, histogram> latency_;       // route label → histogram
    std::map<std::string, std::map<std::string, double>> counters_;
    std::map<std::string, std::map<std::string, double>> set_gauges_;
    std::vector<std::tuple<std::string, std::string, std::function<double()>>> gauges_;
};

}  // namespace baro
