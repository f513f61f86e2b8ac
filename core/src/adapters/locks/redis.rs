//! Holds in Redis, shared by every core. Each night is a key whose value is
//! the holder's token, with a millisecond TTL; scripts make "check all nights,
//! then take all" atomic, and only the token's owner can renew or release.

use crate::ports::locks::{Hold, HoldRequest, LockError, Locks};
use async_trait::async_trait;
use redis::Script;
use redis::aio::ConnectionManager;
use std::time::Duration;

/// Returns 0 when every key was free (or already ours) and is now taken,
/// else the 1-based index of the first key someone else holds.
const ACQUIRE: &str = r"
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  if v and v ~= ARGV[1] then return i end
end
for _, k in ipairs(KEYS) do
  redis.call('SET', k, ARGV[1], 'PX', ARGV[2])
end
return 0
";

/// 1 when every key was still ours and got a fresh TTL, else 0 (nothing changed).
const RENEW: &str = r"
for _, k in ipairs(KEYS) do
  if redis.call('GET', k) ~= ARGV[1] then return 0 end
end
for _, k in ipairs(KEYS) do
  redis.call('PEXPIRE', k, ARGV[2])
end
return 1
";

/// Deletes only the keys still holding our token.
const RELEASE: &str = r"
local n = 0
for _, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then n = n + redis.call('DEL', k) end
end
return n
";

pub struct RedisLocks {
    conn: ConnectionManager,
    acquire: Script,
    renew: Script,
    release: Script,
}

impl RedisLocks {
    /// Connects (and reconnects on its own later); fails now if Redis is unreachable.
    pub async fn connect(url: &str) -> Result<Self, LockError> {
        let client = redis::Client::open(url).map_err(unavailable)?;
        let conn = ConnectionManager::new(client).await.map_err(unavailable)?;
        Ok(Self {
            conn,
            acquire: Script::new(ACQUIRE),
            renew: Script::new(RENEW),
            release: Script::new(RELEASE),
        })
    }

    fn invocation<'a>(
        script: &'a Script,
        keys: &[String],
        token: &str,
        ttl: Option<Duration>,
    ) -> redis::ScriptInvocation<'a> {
        let mut inv = script.prepare_invoke();
        for k in keys {
            inv.key(k);
        }
        inv.arg(token);
        if let Some(ttl) = ttl {
            inv.arg(u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1));
        }
        inv
    }
}

fn unavailable(e: redis::RedisError) -> LockError {
    LockError::Unavailable(e.to_string())
}

#[async_trait]
impl Locks for RedisLocks {
    async fn acquire(&self, request: &HoldRequest, ttl: Duration) -> Result<Hold, LockError> {
        let token = uuid::Uuid::new_v4().to_string();
        let keys = request.keys();
        let mut conn = self.conn.clone();
        let conflict: i64 = Self::invocation(&self.acquire, &keys, &token, Some(ttl))
            .invoke_async(&mut conn)
            .await
            .map_err(unavailable)?;
        if conflict > 0 {
            let i = usize::try_from(conflict - 1).unwrap_or(0);
            let night = request.night_of_key(i).unwrap_or(request.stay.checkin());
            return Err(LockError::Conflict { night });
        }
        Ok(Hold {
            request: request.clone(),
            token,
            ttl,
            extensions_used: 0,
        })
    }

    async fn renew(&self, hold: &Hold) -> Result<(), LockError> {
        let mut conn = self.conn.clone();
        let ok: i64 = Self::invocation(
            &self.renew,
            &hold.request.keys(),
            &hold.token,
            Some(hold.ttl),
        )
        .invoke_async(&mut conn)
        .await
        .map_err(unavailable)?;
        if ok == 1 {
            Ok(())
        } else {
            Err(LockError::Expired)
        }
    }

    async fn release(&self, hold: &Hold) -> Result<(), LockError> {
        let mut conn = self.conn.clone();
        let _: i64 = Self::invocation(&self.release, &hold.request.keys(), &hold.token, None)
            .invoke_async(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
