//! The admin API driven through its router, without sockets, on a real
//! SQLite file and a fixed clock.

mod audit;
mod live;
mod matrix;
mod openapi;
mod session;
mod settings;
mod support;
mod users;
