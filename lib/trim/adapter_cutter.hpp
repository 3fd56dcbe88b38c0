// AdapterCutter: finds adapters in reads and applies the chosen action, as
// cutadapt 4.2's AdapterCutter (modifiers.py), including its
// ReverseComplementer (--revcomp).
//
// Per round (up to `times`), the best-matching adapter (MultipleAdapters) is
// searched in what the previous rounds left; no further round runs once a
// round finds nothing. Then, if anything matched:
//   trim       keep what the matches left
//   retain     keep the last match's retained_adapter_interval() of the read
//   crop       keep only the bases the match covers, [rstart, rstop) of the
//              read (cutadapt 4.9's --action=crop: "everything except the
//              adapter sequence" is removed); single-round, unlinked only
//              (check_adapter_cutter_options)
//   mask       replace what trimming would remove with N
//   lowercase  lower-case what trimming would remove (the read is upper-cased
//              first, even if nothing matches)
//   none       leave the read alone
//
// A cutter owns its adapters and counters; one per worker and mate. apply()
// allocates nothing after warm-up. Never crosses processes; its counters
// leave through take_statistics() into a Stats (counters only: the adapters'
// names and sequences go into the run's StatsLayout once, through describe()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/fastq/read.hpp"
#include "lib/report/stats.hpp"
#include "lib/trim/adapters.hpp"
#include "lib/trim/match_info.hpp"

namespace ringtrim::core {

enum class AdapterAction : std::uint8_t { Trim, Retain, Mask, Lowercase, None, Crop };

// cutadapt's error for an invalid combination (a CommandLineError, exit 2),
// or nullopt: "'retain' cannot be combined with times > 1". For crop, the
// combinations whose cutadapt 4.9 result ringtrim could not establish are
// refused: times > 1 and linked adapters.
std::optional<std::string> check_adapter_cutter_options(int times, AdapterAction action);
std::optional<std::string> check_adapter_cutter_options(int times, AdapterAction action,
                                                        const std::vector<Adapter>& adapters);

class AdapterCutter {
public:
    // REQUIRES: check_adapter_cutter_options(times, action) is nullopt.
    // use_index: false with --no-index.
    AdapterCutter(std::vector<Adapter> adapters, int times = 1, AdapterAction action = AdapterAction::Trim,
                  bool use_index = true);

    // --revcomp: also try the reverse complement of each read and keep the
    // one whose matches score higher (forward wins ties); with add_rc_suffix
    // " rc" is appended to the name of a reverse-complemented read.
    void enable_reverse_complement(bool add_rc_suffix);

    // Finds adapters in `read`, modifies it per the action, appends the
    // matches to `info` (and sets info.is_rc with --revcomp), and counts them.
    void apply(Read& read, MatchInfo& info);

    // Adds this cutter's counters to stats: with_adapters[which_read], the
    // counters of adapter i as adapter first_adapter + i of which_read, and
    // with --revcomp stats.reverse_complemented. Then zeroes them.
    // REQUIRES: which_read is 0 or 1.
    void take_statistics(Stats& stats, int which_read, std::uint32_t first_adapter = 0);

    // Declares this cutter's counters in `layout` (adapter_cutting,
    // reverse_complement) and appends its adapters' descriptions to
    // layout.adapters[which_read]. Once per run.
    void describe(StatsLayout& layout, int which_read) const;

    const std::vector<Adapter>& adapters() const { return matcher_.adapters(); }
    int times() const { return times_; }
    AdapterAction action() const { return action_; }
    // Warnings cutadapt logs while building the adapter index.
    const std::vector<std::string>& warnings() const { return matcher_.warnings(); }

private:
    // Matches up to times_ rounds and applies the action to `read`; appends
    // the matches to `info`. Returns the number of matches.
    std::size_t match_and_trim(Read& read, MatchInfo& info);
    void count(const MatchInfo& info, std::size_t first, bool reverse_complemented);
    void reset_statistics();

    MultipleAdapters matcher_;
    int times_ = 1;
    AdapterAction action_ = AdapterAction::Trim;
    bool revcomp_ = false;
    bool add_rc_suffix_ = true;

    std::int64_t with_adapters_ = 0;
    std::int64_t reverse_complemented_ = 0;
    std::vector<AdapterCounters> statistics_;  // one per adapter, in adapter order

    // scratch
    std::string buffer_;
    Read reverse_read_;
    MatchInfo forward_info_;
    MatchInfo reverse_info_;
};

// The reverse complement of an IUPAC sequence, case preserved, other
// characters unchanged (dnaio's reverse_complement()).
void reverse_complement(std::string_view sequence, std::string& out);

}  // namespace ringtrim::core
