#include "core/metrics.hpp"

#include <charconv>

#include <cstdio>

namespace baro {

namespace {
std::string number(double v)
{
    char buf[64];
    auto const r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back: 0.05
    return std::string(buf, r.ptr);
}
}  // namespace

void metrics::observe_request(std::string_view route, std::string_view method, int status, double seconds)
{
    std::string labels = "route=\"";
    labels.append(route).append("\",method=\"").append(method).append("\",status=\"").append(std::to_string(status)).append("\"");
    std::string route_label = "route=\"";
    route_label.append(route).append("\"");
    std::lock_guard lock(mutex_);
    ++requests_[labels];
    auto& h = latency_[route_label];
    for(std::size_t i = 0; i < buckets.size(); ++i)
        if(seconds <= buckets[i])
            ++h.counts[i];
    ++h.total;
    h.sum += seconds;
}

void metrics::count(std::string_view name, std::string_view labels, double n)
{
    std::lock_guard lock(mutex_);
    counters_[std::string(name)][std::string(labels)] += n;
}

void metrics::set(std::string_view name, std::string_view labels, double v)
{
    std::lock_guard lock(mutex_);
    set_gauges_[std::string(name)][std::string(labels)] = v;
}

void metrics::gauge(std::string name, std::string help, std::function<double()> read)
{
    std::lock_guard lock(mutex_);
    gauges_.emplace_back(std::move(name), std::move(help), std::move(read));
}

std::string metrics::render() const
{
    std::string out;
    std::lock_guard lock(mutex_);
    out += "# HELP baro_http_requests_total HTTP requests by route pattern, method and status.\n";
    out += "# TYPE baro_http_requests_total counter\n";
    for(auto const& [labels, n] : requests_)
        out += "baro_http_requests_total{" + labels + "} " + std::to_string(n) + "\n";
    out += "# HELP baro_http_request_duration_seconds Time from request read to response written.\n";
    out += "# TYPE baro_http_request_duration_seconds histogram\n";
    for(auto const& [route, h] : latency_)
    {
        for(std::size_t i = 0; i < buckets.size(); ++i)
            out += "baro_http_request_duration_seconds_bucket{" + route + ",le=\"" + number(buckets[i]) + "\"} " +
                   std::to_string(h.counts[i]) + "\n";
        out += "baro_http_request_duration_seconds_bucket{" + route + ",le=\"+Inf\"} " + std::to_string(h.total) + "\n";
        out += "baro_http_request_duration_seconds_sum{" + route + "} " + number(h.sum) + "\n";
        out += "baro_http_request_duration_seconds_count{" + route + "} " + std::to_string(h.total) + "\n";
    }
    for(auto const& [name, series] : counters_)
    {
        out += "# TYPE " + name + " counter\n";
        for(auto const& [labels, v] : series)
            out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + number(v) + "\n";
    }
    for(auto const& [name, series] : set_gauges_)
    {
        out += "# TYPE " + name + " gauge\n";
        for(auto const& [labels, v] : series)
            out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + number(v) + "\n";
    }
    for(auto const& [name, help, read] : gauges_)
    {
        out += "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n";
        out += name + " " + number(read()) + "\n";
    }
    return out;
}

}  // namespace baro
