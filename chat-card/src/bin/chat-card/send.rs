use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(args: Args) -> ExitCode {
    let _ = args;
    ExitCode::SUCCESS
}
