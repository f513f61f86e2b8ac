//! The receptionist: understanding (`nlu`) today; dialogue, replies and
//! knowledge join it as they land. Pure code: no HTTP, SQL or clock here.

pub mod nlu;
