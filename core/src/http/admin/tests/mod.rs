//! The admin API driven through its router, without sockets, on a real
//! SQLite file and a fixed clock.

mod audit;
mod matrix;
mod openapi;
mod session;
mod support;
mod users;
