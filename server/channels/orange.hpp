#pragma once
#include "channels/inbound_message.hpp"
#include "core/result.hpp"

#include <string_view>

namespace baro::channels {

/// An Orange SMS API inbound notification
/// `{"inboundSMSMessageNotification":{"inboundSMSMessage":{senderAddress, destinationAddress, message,
/// messageId, dateTime}}}`. A body that is not UTF-8 is read as windows-1252 first. Without messageId
/// the id is the hex SHA-256 of sender, dateTime and message. The caller checks the path token.
result<inbound_batch> parse_orange(std::string_view body);

}  // namespace baro::channels
