#include "core/demographics.hpp"

#include <algorithm>
#include <iterator>

namespace baro {

bool is_gender_answer(std::string_view answer)
{
    return std::find(std::begin(gender_answers), std::end(gender_answers), answer) != std::end(gender_answers);
}

bool is_age_band_answer(std::string_view answer)
{
    return std::find(std::begin(age_band_answers), std::end(age_band_answers), answer) != std::end(age_band_answers);
}

}  // namespace baro
