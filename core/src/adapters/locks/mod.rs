//! Room holds: in this process (one core) or in Redis (several cores), both
//! implementing [`crate::ports::locks::Locks`].

mod memory;
mod redis;

pub use memory::InProcessLocks;
pub use redis::RedisLocks;
