import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from Rails and Sinatra applications, written fresh for these tests.

describe('real-world Ruby: Rails controllers', () => {
  const text = `require "jwt"

module Api
  module V1
    class OrdersController < ApplicationController
      before_action :authenticate_user!, only: %i[create update destroy]
      before_action :set_order, except: [:index, :create]
      skip_before_action :verify_authenticity_token
      after_action :set_cache_headers
      rescue_from ActiveRecord::RecordNotFound, with: :not_found

      def index
        @orders = current_user.orders.page(params[:page])
        render json: @orders
      end

      def create
        @order = current_user.orders.build(order_params)
        if @order.save
          render json: @order, status: :created
        else
          render json: @order.errors, status: :unprocessable_entity
        end
      end

      def update
        @order.update!(order_params)
        render json: @order
      rescue ActiveRecord::RecordInvalid => e
        render json: { error: e.message }, status: :unprocessable_entity
      end

      private

      def set_order
        @order = Order.find(params[:id])
      end

      def order_params
        params.require(:order).permit(:sku, :quantity)
      end

      def set_cache_headers
        response.headers["Cache-Control"] = "no-store"
        response.set_header("X-Frame-Options", "SAMEORIGIN")
      end

      def authorize_admin!(user)
        head :forbidden unless user.admin?
      end

      def secret
        ENV.fetch("JWT_SECRET") { raise "missing" }
      end

      def region = ENV["AWS_REGION"]

      def self.build_token(payload)
        JWT.encode(payload, ENV.fetch("JWT_SECRET"), "HS256")
      end
    end
  end
end
`;
  cases('app/controllers/api/v1/orders_controller.rb', text, [
    ['class_exists', { name: 'OrdersController' }, 'pass'],
    ['class_exists', { name: 'Api::V1::OrdersController' }, 'pass'],
    ['class_exists', { name: 'Api' }, 'pass'],
    ['function_exists', { name: 'OrdersController.create' }, 'pass'],
    ['function_exists', { name: 'order_params' }, 'pass'],
    ['function_exists', { name: 'build_token' }, 'pass'],
    ['function_exists', { name: 'region' }, 'pass'],
    ['function_exists', { name: 'destroy' }, 'fail'],
    ['function_calls', { caller: 'create', callee: 'order_params' }, 'pass'],
    ['function_calls', { caller: 'create', callee: 'save' }, 'pass'],
    ['function_calls', { caller: 'index', callee: 'render' }, 'pass'],
    ['function_calls', { caller: 'set_order', callee: 'Order.find' }, 'pass'],
    ['function_calls', { caller: 'build_token', callee: 'JWT.encode' }, 'pass'],
    ['function_calls', { caller: 'index', callee: 'order_params' }, 'fail'],
    ['function_calls', { caller: 'create', callee: 'order_params', depth: 2 }, 'pass'],
    ['error_handled', { function: 'update' }, 'pass'],
    ['error_handled', { function: 'update', exception: 'RecordInvalid' }, 'pass'],
    ['error_handled', { function: 'update', exception: 'ActiveRecord::RecordInvalid' }, 'pass'],
    ['error_handled', { function: 'update', exception: 'RecordNotFound' }, 'fail'],
    ['error_handled', { function: 'OrdersController', exception: 'RecordNotFound' }, 'pass'],
    ['error_handled', { function: 'index' }, 'fail'],
    ['parameter_validated', { function: 'authorize_admin!', parameter: 'user' }, 'pass'],
    ['middleware_registered', { middleware: 'authenticate_user!' }, 'pass'],
    ['middleware_registered', { middleware: 'set_order' }, 'pass'],
    ['middleware_registered', { middleware: 'set_cache_headers' }, 'pass'],
    ['middleware_registered', { middleware: 'verify_authenticity_token' }, 'fail'],
    ['middleware_registered', { middleware: 'order_params' }, 'fail'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'SAMEORIGIN' }, 'pass'],
    ['http_header_set', { header: 'X-XSS-Protection' }, 'fail'],
    ['env_var_referenced', { variable: 'JWT_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'AWS_REGION' }, 'pass'],
    ['env_var_referenced', { variable: 'RAILS_ENV' }, 'fail'],
    ['import_present', { module: 'jwt' }, 'pass'],
  ]);
});

describe('real-world Ruby: Rails config and Rack middleware', () => {
  const text = `require_relative "boot"
require "rails/all"

module Shop
  class Application < Rails::Application
    config.load_defaults 7.1
    config.middleware.use Rack::Attack
    config.middleware.insert_before 0, Rack::Cors do
      allow do
        origins ENV.fetch("CORS_ORIGINS", "*")
        resource "*", headers: :any, methods: %i[get post]
      end
    end
    config.action_dispatch.default_headers = {
      "X-Frame-Options" => "DENY",
      "X-Content-Type-Options" => "nosniff"
    }
    config.force_ssl = ENV["FORCE_SSL"].present?
  end
end

class SecureHeaders
  def initialize(app)
    @app = app
  end

  def call(env)
    status, headers, body = @app.call(env)
    headers["Strict-Transport-Security"] = "max-age=31536000"
    [status, headers, body]
  end
end
`;
  cases('config/application.rb', text, [
    ['class_exists', { name: 'Shop::Application' }, 'pass'],
    ['class_exists', { name: 'SecureHeaders' }, 'pass'],
    ['function_exists', { name: 'SecureHeaders.call' }, 'pass'],
    ['middleware_registered', { middleware: 'Rack::Attack' }, 'pass'],
    ['middleware_registered', { middleware: 'Attack' }, 'pass'],
    ['middleware_registered', { middleware: 'Rack::Cors' }, 'pass'],
    ['middleware_registered', { middleware: 'SecureHeaders' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'X-Content-Type-Options' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'pass'],
    ['env_var_referenced', { variable: 'CORS_ORIGINS' }, 'pass'],
    ['env_var_referenced', { variable: 'FORCE_SSL' }, 'pass'],
    ['import_present', { module: 'rails/all' }, 'pass'],
    ['import_present', { module: 'rails' }, 'pass'],
    ['import_present', { module: 'sinatra' }, 'fail'],
  ]);
});

describe('real-world Ruby: Sinatra app and service objects', () => {
  const text = `require "sinatra/base"
require "json"

class Api < Sinatra::Base
  use Rack::Protection
  use Rack::Session::Cookie, secret: ENV.fetch("SESSION_SECRET")

  before do
    halt 401, { error: "unauthorized" }.to_json unless authorized?
    headers "X-Frame-Options" => "DENY", "Content-Type" => "application/json"
  end

  helpers do
    def authorized?
      request.env["HTTP_AUTHORIZATION"] == "Bearer #{ENV['API_TOKEN']}"
    end
  end

  get "/items/:id" do
    item = Item.find_by(id: params[:id])
    halt 404 if item.nil?
    response.headers["Cache-Control"] = "private"
    item.to_json
  end
end

class ChargeCustomer
  def self.call(customer, amount)
    raise ArgumentError, "amount must be positive" unless amount.positive?
    new(customer).charge!(amount)
  rescue Stripe::CardError, Stripe::RateLimitError => e
    Rails.logger.warn(e.message)
    false
  end

  def initialize(customer)
    @customer = customer
  end

  def charge!(amount)
    Stripe::Charge.create(amount: amount, customer: @customer.stripe_id)
  end
end
`;
  cases('app.rb', text, [
    ['class_exists', { name: 'Api' }, 'pass'],
    ['function_exists', { name: 'authorized?' }, 'pass'],
    ['function_exists', { name: 'ChargeCustomer.call' }, 'pass'],
    ['function_exists', { name: 'ChargeCustomer.charge!' }, 'pass'],
    ['function_calls', { caller: 'ChargeCustomer.call', callee: 'charge!' }, 'pass'],
    ['function_calls', { caller: 'charge!', callee: 'Stripe::Charge.create' }, 'pass'],
    ['function_calls', { caller: 'charge!', callee: 'create' }, 'pass'],
    ['error_handled', { function: 'ChargeCustomer.call' }, 'pass'],
    ['error_handled', { function: 'ChargeCustomer.call', exception: 'Stripe::RateLimitError' }, 'pass'],
    ['error_handled', { function: 'ChargeCustomer.call', exception: 'CardError' }, 'pass'],
    ['error_handled', { function: 'charge!' }, 'fail'],
    ['parameter_validated', { function: 'ChargeCustomer.call', parameter: 'amount' }, 'pass'],
    ['parameter_validated', { function: 'ChargeCustomer.call', parameter: 'customer' }, 'fail'],
    ['middleware_registered', { middleware: 'Rack::Protection' }, 'pass'],
    ['middleware_registered', { middleware: 'Rack::Session::Cookie' }, 'pass'],
    ['middleware_registered', { middleware: 'Cookie' }, 'pass'],
    ['middleware_registered', { middleware: 'Item' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'private' }, 'pass'],
    ['http_header_set', { header: 'Authorization' }, 'fail'],
    ['env_var_referenced', { variable: 'SESSION_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'API_TOKEN' }, 'pass'],
    ['env_var_referenced', { variable: 'HTTP_AUTHORIZATION' }, 'fail'],
    ['import_present', { module: 'sinatra/base' }, 'pass'],
    ['import_present', { module: 'sinatra' }, 'pass'],
  ]);
});

describe('real-world Ruby: production environment forcing SSL', () => {
  const text = `Rails.application.configure do
  config.force_ssl = true
  config.ssl_options = { redirect: { exclude: ->(request) { request.path.start_with?("/up") } } }
  config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "info")
end
`;
  cases('config/environments/production.rb', text, [
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options' }, 'fail'],
    ['env_var_referenced', { variable: 'RAILS_LOG_LEVEL' }, 'pass'],
  ]);
  cases('config/environments/development.rb', 'Rails.application.configure do\n  config.force_ssl = false\nend\n', [
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'fail'],
  ]);
});
