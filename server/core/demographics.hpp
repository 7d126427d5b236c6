#pragma once
// The optional demographic questions a consultation may ask (issue 14): their answers as stored
// (sql/026) and as every channel offers them. Pure.
#include <string_view>
#include <vector>

namespace baro {

/// The answer of a citizen who chose "prefer not to say"; always offered.
constexpr std::string_view demographic_unsaid = "unsaid";

/// The answers to the gender question, in the order forms and tables show them.
constexpr std::string_view gender_answers[] = {"woman", "man", "unsaid"};

/// The answers to the age band question, in the order forms and tables show them.
constexpr std::string_view age_band_answers[] = {"under_25", "25_34", "35_49", "50_plus", "unsaid"};

/// Which of the demographic questions a consultation asks (both off by default).
struct demographic_questions
{
    bool gender = false;
    bool age_band = false;
    /// True when at least one is asked (the consent text is shown before them).
    bool any() const { return gender || age_band; }
};

/// True when `answer` is one of gender_answers.
bool is_gender_answer(std::string_view answer);

/// True when `answer` is one of age_band_answers.
bool is_age_band_answer(std::string_view answer);

}  // namespace baro
