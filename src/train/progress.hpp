// Training progress on stderr: a live bar when stderr is a terminal, one plain line per epoch otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "axon/train/history.hpp"

namespace axon {

class Progress {
public:
    Progress(bool enabled, std::int64_t epochs, std::int64_t batches, std::string metric);
    void begin_epoch(std::int64_t epoch, double lr);
    // After batch `done` of the epoch, with running means.
    void update(std::int64_t done, double loss, double accuracy, double samples_per_second);
    void end_epoch(const EpochRecord& record);
    void message(const std::string& text);

private:
    bool enabled_, terminal_;
    std::int64_t epochs_, batches_, epoch_ = 0;
    std::string metric_;
    std::chrono::steady_clock::time_point epoch_start_, last_draw_;
};

}  // namespace axon
