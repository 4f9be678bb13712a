// Purpose: one alert with its outbox message.
// @param $alertId string
// @returns alert: map (Alert properties), message: map or null (OutboxMessage properties)
MATCH (a:Alert {id: $alertId})
OPTIONAL MATCH (m:OutboxMessage {alertId: a.id})
RETURN properties(a) AS alert, properties(m) AS message
